/// <summary>A layout in the global namespace.</summary>
[Emmap.MappedLayout]
public partial struct GlobalCounters
{
    [Emmap.AtomicCounter(0)] public partial int Hits { get; }
}
