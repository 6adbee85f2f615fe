// Real layouts the generator (referenced as an analyzer) implements while this project builds with
// Nullable and warnings as errors: if generated code warned, this project would not compile.

namespace Emmap.Generators.Tests.Layouts;

/// <summary>The README's example layout: two counters on their own cache lines, a state and a latency.</summary>
[MappedLayout(Size = 128)]
public partial struct ServiceStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}

public enum Health : short
{
    Unknown,
    Up,
    Down = -1,
}

/// <summary>One member of every scalar kind and a counter of every counter type.</summary>
[MappedLayout(AllowFalseSharing = true)]
public partial struct AllKinds
{
    [Field(0)] public partial bool Enabled { get; set; }
    [Field(1)] public partial sbyte Tiny { get; set; }
    [Field(2)] public partial char Grade { get; set; }
    [Field(4)] public partial float Ratio { get; set; }
    [Field(8)] public partial double Mean { get; set; }
    [Field(16)] public partial Health Health { get; set; }
    [Field(18)] public partial ushort Port { get; set; }
    [Field(20)] public partial byte Small { get; set; }
    [Field(24)] public partial ulong Big { get; set; }
    [AtomicCounter(32)] public partial int Int32Counter { get; }
    [AtomicCounter(36)] public partial uint UInt32Counter { get; }
    [AtomicCounter(40)] public partial long Int64Counter { get; }
    [AtomicCounter(48)] public partial ulong UInt64Counter { get; }
    [Field(56, Length = 3)] public partial MappedArray<int> Samples { get; }
    [Field(68, Length = 2)] public partial MappedArray<Health> HealthHistory { get; }
    [Field(72, Length = 4)] public partial MappedArray<bool> Flags { get; }
}

[MappedLayout]
public partial struct Point
{
    [Field(0)] public partial int X { get; set; }
    [Field(4)] public partial int Y { get; set; }
}

/// <summary>A readonly layout holding a nested layout and an array of layouts.</summary>
[MappedLayout(Size = 48)]
public readonly partial struct Shape
{
    [AtomicCounter(0)] public partial long Version { get; }
    [Field(8)] public partial Point Origin { get; }
    [Field(16, Length = 4)] public partial LayoutArray<Point> Corners { get; }
}

public static partial class Registry
{
    /// <summary>A layout nested in a class, with a member named like <c>IMappedLayout.Size</c>.</summary>
    [MappedLayout]
    internal partial struct Entry
    {
        [Field(0)] public partial long Size { get; set; }
        [AtomicCounter(8)] public partial uint Uses { get; }
    }
}
