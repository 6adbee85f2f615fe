namespace Emmap;

/// <summary>
/// A claim between a ring's head and tail that its producer has not committed yet, as
/// <see cref="RingInspector.Read"/> saw it: the consumer reads nothing after it until it is
/// committed, aborted, or skipped because its producer died.
/// </summary>
public readonly struct RingPendingClaim
{
    /// <summary>Creates the description of a claim.</summary>
    /// <param name="position">The claim's ring position.</param>
    /// <param name="length">The length of the message being written.</param>
    /// <param name="processId">The producer's process id, 0 when not stamped yet.</param>
    /// <param name="isAlive">Whether that process runs; null when unknown.</param>
    public RingPendingClaim(long position, int length, int processId, bool? isAlive)
    {
        Position = position;
        Length = length;
        ProcessId = processId;
        IsAlive = isAlive;
    }

    /// <summary>The claim's ring position.</summary>
    public long Position { get; }

    /// <summary>The length of the message being written, in bytes.</summary>
    public int Length { get; }

    /// <summary>The producer's process id; 0 when the claim does not name its owner yet (it is being stamped).</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Whether that process still runs (checked when read; on Linux from its start time in
    /// <c>/proc</c>, so a reused pid is not taken for it); <see langword="null"/> when it cannot be
    /// told (no owner yet, another pid namespace, a system without <c>/proc</c>, or a claim past the
    /// first <see cref="RingInspection.MaxListedClaims"/>).
    /// </summary>
    public bool? IsAlive { get; }
}
