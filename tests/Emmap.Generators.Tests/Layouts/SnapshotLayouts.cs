// Real layouts with a sequence lock (and one nested without), implemented by the generator while
// this project builds with Nullable and warnings as errors (and without unsafe code).

namespace Emmap.Generators.Tests.Layouts;

public enum Phase : byte { Idle, Running, Stopped }

/// <summary>A nested layout without a lock of its own: it still gets a Snapshot.</summary>
[MappedLayout(Size = 16)]
public partial struct Window
{
    [Field(0)] public partial int Low { get; set; }
    [Field(4)] public partial int High { get; set; }
    [Field(8)] public partial bool Open { get; set; }
}

/// <summary>Every kind of member under one sequence lock.</summary>
[MappedLayout(Size = 256, AllowFalseSharing = true)]
public partial struct Guarded
{
    [SequenceLock(0)] public partial SequenceLock Lock { get; }
    [AtomicCounter(16)] public partial long Requests { get; }
    [Field(24)] public partial int State { get; set; }
    [Field(28)] public partial Phase Phase { get; set; }
    [Field(32)] public partial double LastLatencyMs { get; set; }
    [Field(40)] public partial Window Window { get; }
    [Field(56, Length = 4)] public partial MappedArray<int> Samples { get; }
    [Field(72, Length = 2)] public partial LayoutArray<Window> History { get; }
    [AtomicCounter(104, Length = 3, Stride = 8)] public partial AtomicCounterArray<uint> Buckets { get; }
    [Field(128)] public partial bool Flag { get; set; }
}
