namespace Emmap.Samples.Supervisor;

/// <summary>One worker's state, one 64-byte cache line each so workers never share a line.</summary>
[MappedLayout(Size = 64)]
public partial struct WorkerSlot
{
    /// <summary>Items this worker has processed.</summary>
    [AtomicCounter(0)] public partial long Processed { get; }

    /// <summary>Where the worker is.</summary>
    [Field(8)] public partial WorkerStatus Status { get; set; }

    /// <summary>The worker's process id.</summary>
    [Field(12)] public partial int ProcessId { get; set; }

    /// <summary>How long the worker's last item took, in milliseconds.</summary>
    [Field(16)] public partial double LastItemMs { get; set; }
}
