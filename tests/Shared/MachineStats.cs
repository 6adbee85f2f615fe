// Compiled into Emmap.Runtime.Tests, Emmap.Tool.Tests and Emmap.TestProcess, like ServiceStats.cs:
// a layout with every kind of member (counters, enums, floats, arrays, a nested layout, a layout
// array), for the metrics bridge and the emmap tool.
namespace Emmap.Tests.Shared;

/// <summary>What a machine or worker is doing; stored as one byte.</summary>
public enum MachineState : byte
{
    Idle = 0,
    Running = 1,
    Draining = 2,
    Failed = 3,
}

/// <summary>One worker's numbers, nested in <see cref="MachineStats"/>.</summary>
[MappedLayout]
public partial struct WorkerStats
{
    [AtomicCounter(0)] public partial long Jobs { get; }
    [Field(8)] public partial MachineState State { get; set; }
    [Field(12)] public partial float Load { get; set; }
}

/// <summary>A machine's shared state: counters, fields, arrays, a nested layout and a layout array.</summary>
[MappedLayout(Size = 256, AllowFalseSharing = true)]
public partial struct MachineStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial MachineState State { get; set; }
    [Field(16)] public partial double Temperature { get; set; }
    [Field(24, Length = 4)] public partial MappedArray<int> LatencyBuckets { get; }
    [Field(40, Length = 2)] public partial MappedArray<MachineState> History { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(72)] public partial WorkerStats Leader { get; }
    [Field(128, Length = 2)] public partial LayoutArray<WorkerStats> Workers { get; }
}
