namespace Emmap;

/// <summary>
/// Where everything is in a counters file of a given format and count: the header length, the
/// distance between counters, the file length. The one place these numbers are computed.
/// </summary>
/// <param name="Format">The format.</param>
/// <param name="Count">The number of counters.</param>
internal readonly record struct CountersLayout(CountersFormat Format, int Count)
{
    /// <summary>The slot each counter of a <see cref="CountersFormat.Padded"/> file occupies, in bytes.</summary>
    internal const int PaddedSlotSize = 128;

    /// <summary>The offset of counter 0: 16 (emmap's header), or one whole slot for a padded file.</summary>
    internal int HeaderLength => Format == CountersFormat.Emmap ? 16 : PaddedSlotSize;

    /// <summary>log2 of the distance between consecutive counters: 3 (8 bytes) or 7 (128 bytes).</summary>
    internal int Shift => Format == CountersFormat.Emmap ? 3 : 7;

    /// <summary>The exact length of the file.</summary>
    internal long FileLength => HeaderLength + ((long)Count << Shift);

    /// <summary>The file offset of counter <paramref name="index"/>.</summary>
    internal long OffsetOf(int index) => HeaderLength + ((long)index << Shift);
}
