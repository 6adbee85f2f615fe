namespace Emmap.Samples.Supervisor;

/// <summary>Where a worker is; stored as a 4-byte field of its <see cref="WorkerSlot"/>.</summary>
public enum WorkerStatus
{
    /// <summary>Not started yet (a new file is zero).</summary>
    NotStarted,

    /// <summary>The process is running and waits for the supervisor's go.</summary>
    Ready,

    /// <summary>Processing items.</summary>
    Working,

    /// <summary>Finished every item.</summary>
    Done,
}
