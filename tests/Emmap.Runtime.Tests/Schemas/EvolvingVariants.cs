namespace Emmap.Runtime.Tests.Schemas;

// EvolvingStatsV1 (tests/Shared/EvolvingStats.cs) changed in every way that is not compatible, one
// change per layout, for the tests that check each is refused naming the member.

/// <summary><c>State</c> moved from 8 to 12.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingMoved
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(12)] public partial int State { get; set; }
}

/// <summary><c>State</c> retyped from <c>int</c> to <c>uint</c>.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingRetyped
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial uint State { get; set; }
}

/// <summary><c>State</c> widened from <c>int</c> to <c>long</c>: another type and another size.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingWidened
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial long State { get; set; }
}

/// <summary><c>State</c> renamed to <c>Phase</c> without declaring the former name.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingRenamed
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [Field(8)] public partial int Phase { get; set; }
}

/// <summary>A counter turned into a plain field: another kind at the same place.</summary>
[MappedLayout(Size = 64)]
public partial struct EvolvingRekinded
{
    [Field(0)] public partial long Requests { get; set; }
    [Field(8)] public partial int State { get; set; }
}

/// <summary><c>State</c> removed and <c>Errors</c> added: neither an upgrade nor a subset.</summary>
[MappedLayout(Size = 64, AllowFalseSharing = true)]
public partial struct EvolvingSwapped
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(16)] public partial long Errors { get; }
}

/// <summary>Only <c>Requests</c>, in 32 bytes: a compatible subset of EvolvingStatsV1.</summary>
[MappedLayout(Size = 32)]
public partial struct EvolvingRequestsOnly
{
    [AtomicCounter(0)] public partial long Requests { get; }
}
