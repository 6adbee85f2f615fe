namespace Emmap.Benchmarks;

/// <summary>The layout the generated-accessor benchmarks read and write (the README's quick-start layout).</summary>
[MappedLayout(Size = 128)]
public partial struct BenchStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}

/// <summary><see cref="BenchStats"/>'s <c>State</c> opted out of waits: its setter is a plain store.</summary>
[MappedLayout(Size = 128)]
public partial struct QuietBenchStats
{
    [Field(8, Waitable = false)] public partial int State { get; set; }
}

/// <summary>The same four members under a sequence lock, for the snapshot benchmarks.</summary>
[MappedLayout(Size = 128)]
public partial struct LockedBenchStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
    [SequenceLock(24)] public partial SequenceLock Lock { get; }
}
