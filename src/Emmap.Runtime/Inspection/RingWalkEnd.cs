namespace Emmap;

/// <summary>Where <see cref="RingInspector.Read"/>'s walk of the records between the head and the tail ended, and why.</summary>
public enum RingWalkEnd
{
    /// <summary>It reached the tail it read: every record between head and tail was counted.</summary>
    Tail = 0,

    /// <summary>It stopped after <see cref="RingInspector.MaxWalkedRecords"/> records; the rest were not counted.</summary>
    RecordLimit = 1,

    /// <summary>
    /// It found a claim whose length is not written yet (the producer is between taking the space and
    /// stamping it, or died there): where the next record starts cannot be known.
    /// </summary>
    UnstampedClaim = 2,

    /// <summary>The consumer released records the walk was reading (the ring moved under it): what was counted is what had not been released.</summary>
    Moved = 3,

    /// <summary>A record or the positions were not plausible (a length that does not fit, an unknown kind, another lap's record): the ring may be corrupt.</summary>
    Inconsistent = 4,
}
