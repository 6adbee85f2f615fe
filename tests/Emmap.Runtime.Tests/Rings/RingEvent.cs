namespace Emmap.Runtime.Tests.Rings;

/// <summary>A typed ring record for the tests: who sent it, its sequence number, a payload word.</summary>
[MappedLayout(Size = 24)]
public partial struct RingEvent
{
    [Field(0)] public partial int Producer { get; set; }

    [Field(8)] public partial long Sequence { get; set; }

    [Field(16)] public partial long Value { get; set; }
}

/// <summary>Another record type, to check that a ring refuses it.</summary>
[MappedLayout(Size = 8)]
public partial struct OtherRingEvent
{
    [Field(0)] public partial long Value { get; set; }
}
