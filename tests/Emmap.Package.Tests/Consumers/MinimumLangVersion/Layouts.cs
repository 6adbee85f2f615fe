using Emmap;

namespace MinimumLangVersion;

public enum Health : short
{
    Unknown,
    Up,
    Down = -1,
}

/// <summary>One member of every kind the generator writes, so all of its output compiles as C# 13.</summary>
[MappedLayout(Size = 128)]
public partial struct Everything
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
    [Field(32, Length = 3)] public partial MappedArray<int> Samples { get; }
    [Field(44)] public partial Point Origin { get; }
    [Field(52, Length = 2)] public partial LayoutArray<Point> Corners { get; }
    [AtomicCounter(72)] public partial long Hits { get; }
}

[MappedLayout]
public partial struct Point
{
    [Field(0)] public partial int X { get; set; }
    [Field(4)] public partial int Y { get; set; }
}

/// <summary>Counters of the other types, packed into one cache line on purpose.</summary>
[MappedLayout(Size = 64, AllowFalseSharing = true)]
public readonly partial struct SmallCounters
{
    [AtomicCounter(0)] public partial int Int32Counter { get; }
    [AtomicCounter(4)] public partial uint UInt32Counter { get; }
    [AtomicCounter(8)] public partial ulong UInt64Counter { get; }
}
