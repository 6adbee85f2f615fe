// Must not build: the counter at offset 4 is an 8-byte atomic, which only sits at multiples of 8.
using Emmap;

Console.WriteLine(Misaligned.Size);

[MappedLayout(Size = 64)]
public partial struct Misaligned
{
    [AtomicCounter(4)] public partial long Hits { get; }
}
