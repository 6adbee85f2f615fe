// Compiled into both Emmap.Runtime.Tests and Emmap.TestProcess, like ServiceStats.cs: three versions
// of one layout, as a service's code would evolve it, for schema-evolution tests.
namespace Emmap.Tests.Shared;

/// <summary>The first version: a counter and a state, 64 bytes.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingStatsV1
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial int State { get; set; }
}

/// <summary>
/// <see cref="EvolvingStatsV1"/> plus a counter in bytes V1 left unused (16) and one past its end
/// (64, so the layout grows to 128 bytes): a compatible upgrade.
/// </summary>
[MappedLayout(Size = 128, AllowFalseSharing = true)]
public partial struct EvolvingStatsV2
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial int State { get; set; }
    [AtomicCounter(16)] public partial long Errors { get; }
    [AtomicCounter(64)] public partial long Restarts { get; }
}

/// <summary><see cref="EvolvingStatsV2"/> with <c>State</c> renamed to <c>Phase</c>, the old name declared: compatible.</summary>
[MappedLayout(Size = 128, AllowFalseSharing = true)]
public partial struct EvolvingStatsV3
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8, FormerNames = ["State"])] public partial int Phase { get; set; }
    [AtomicCounter(16)] public partial long Errors { get; }
    [AtomicCounter(64)] public partial long Restarts { get; }
}
