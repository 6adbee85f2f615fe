using Emmap;

/// <summary>The README's quick-start layout: two counters on their own cache lines, a status and a latency.</summary>
[MappedLayout(Size = 128)]
public partial struct ServiceStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}
