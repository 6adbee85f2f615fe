namespace Emmap.Samples.Supervisor;

/// <summary>
/// The state the supervisor and its workers share through one layout file: totals (atomic counters,
/// each on its own cache line), the run's configuration (a nested layout) and one slot per worker
/// (an array of layouts). A sequence lock makes it one consistent state: workers change their slot and
/// the totals in one update, and the supervisor reads snapshots in which the totals always equal the
/// sum of the slots.
/// </summary>
[MappedLayout(Size = 192 + (MaxWorkers * 64))]
public partial struct SupervisorState
{
    /// <summary>The most workers the file has room for.</summary>
    public const int MaxWorkers = 8;

    /// <summary>Items processed by all workers.</summary>
    [AtomicCounter(0)] public partial long TotalProcessed { get; }

    /// <summary>The run's configuration, written by the supervisor before it starts the workers.</summary>
    [Field(8)] public partial RunConfig Config { get; }

    /// <summary>The sequence lock that makes <c>ReadSnapshot()</c> consistent and <c>BeginUpdate()</c> atomic to it.</summary>
    [SequenceLock(24)] public partial SequenceLock Lock { get; }

    /// <summary>Items that failed, across all workers.</summary>
    [AtomicCounter(64)] public partial long Errors { get; }

    /// <summary>Workers that have finished.</summary>
    [AtomicCounter(128)] public partial int WorkersDone { get; }

    /// <summary>One slot per worker.</summary>
    [Field(192, Length = MaxWorkers)] public partial LayoutArray<WorkerSlot> Workers { get; }
}
