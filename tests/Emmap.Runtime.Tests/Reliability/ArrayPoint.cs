namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The element of <see cref="ArrayLayout.Points"/>.</summary>
[MappedLayout(Size = 8)]
public partial struct ArrayPoint
{
    [Field(0)] public partial int X { get; set; }

    [Field(4)] public partial int Y { get; set; }
}
