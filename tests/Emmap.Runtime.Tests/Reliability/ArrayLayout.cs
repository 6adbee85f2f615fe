namespace Emmap.Runtime.Tests.Reliability;

/// <summary>A generated layout with both kinds of array, for the bad-input matrix.</summary>
[MappedLayout(Size = 64)]
public partial struct ArrayLayout
{
    [Field(0, Length = 4)] public partial MappedArray<long> Values { get; }

    [Field(32, Length = 3)] public partial LayoutArray<ArrayPoint> Points { get; }
}
