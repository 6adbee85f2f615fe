using Emmap;

namespace SharedLayout;

/// <summary>The state a worker shares with its supervisor: two counters on their own cache lines, two plain fields.</summary>
[MappedLayout(Size = 128)]
public partial struct WorkerStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}
