namespace Emmap.Samples.Supervisor;

/// <summary>What the supervisor asks of its workers: a nested layout inside <see cref="SupervisorState"/>.</summary>
[MappedLayout(Size = 16)]
public partial struct RunConfig
{
    /// <summary>How many workers run.</summary>
    [Field(0)] public partial int WorkerCount { get; set; }

    /// <summary>How many items each worker processes.</summary>
    [Field(4)] public partial int ItemsPerWorker { get; set; }

    /// <summary>Every item whose number is a multiple of this fails (counted in <see cref="SupervisorState.Errors"/>).</summary>
    [Field(8)] public partial int FailEvery { get; set; }

    /// <summary>Set to 1 by the supervisor when every worker is ready: the workers' go (an int, so that workers can wait on it).</summary>
    [Field(12)] public partial int Go { get; set; }
}
