using System.Buffers.Binary;

namespace Emmap;

/// <summary>
/// The 16-byte header of an Erlang emmap queue file: four unsigned 32-bit big-endian integers,
/// <c>Size</c>, <c>Head</c>, <c>Tail</c>, <c>NextTail</c> (see <c>docs/file-formats.md</c>, "Queue files").
/// </summary>
/// <param name="Size">The file's length as the queue last knew it.</param>
/// <param name="Head">The offset of the oldest record not yet popped.</param>
/// <param name="Tail">The end of the last committed record.</param>
/// <param name="NextTail">The end of the record being pushed; equals <paramref name="Tail"/> when no push is in flight.</param>
internal readonly record struct QueueHeader(uint Size, uint Head, uint Tail, uint NextTail)
{
    /// <summary>The header's length, and the offset of the first record.</summary>
    internal const int Length = 16;

    internal const int SizeOffset = 0;
    internal const int HeadOffset = 4;
    internal const int TailOffset = 8;
    internal const int NextTailOffset = 12;

    /// <summary>Whether <c>16 &lt;= Head &lt;= Tail &lt;= NextTail &lt;= Size</c>.</summary>
    internal bool IsValid => Length <= Head && Head <= Tail && Tail <= NextTail && NextTail <= Size;

    /// <summary>Whether no record lies between Head and Tail.</summary>
    internal bool IsEmpty => Head == Tail;

    /// <summary>The four fields as the error messages show them.</summary>
    public override string ToString() => $"Size {Size}, Head {Head}, Tail {Tail}, NextTail {NextTail}";

    /// <summary>Decodes the first 16 bytes of <paramref name="bytes"/>.</summary>
    internal static QueueHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32BigEndian(bytes[SizeOffset..]),
        BinaryPrimitives.ReadUInt32BigEndian(bytes[HeadOffset..]),
        BinaryPrimitives.ReadUInt32BigEndian(bytes[TailOffset..]),
        BinaryPrimitives.ReadUInt32BigEndian(bytes[NextTailOffset..]));

    /// <summary>Reads the header of <paramref name="file"/>.</summary>
    internal static QueueHeader Read(MappedFile file)
    {
        Span<byte> bytes = stackalloc byte[Length];
        file.ReadAt(0, bytes);
        return Parse(bytes);
    }

    /// <summary>The header of a new, empty queue of <paramref name="size"/> bytes.</summary>
    internal static QueueHeader Empty(uint size) => new(size, Length, Length, Length);

    /// <summary>Writes all four fields (a new file, not yet visible to anyone).</summary>
    internal void WriteTo(MappedFile file)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes[SizeOffset..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[HeadOffset..], Head);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[TailOffset..], Tail);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[NextTailOffset..], NextTail);
        file.WriteAt(0, bytes);
    }

    /// <summary>Writes one field, as emmap does (each field is written on its own, in the order the operation needs).</summary>
    internal static void WriteField(MappedFile file, int offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        file.WriteAt(offset, bytes);
    }

    /// <summary>
    /// Sets Head, Tail and NextTail to 16, in that order, so that every intermediate header still
    /// satisfies <c>Head &lt;= Tail &lt;= NextTail</c> for a reader that does not take the lock.
    /// </summary>
    internal static void Reset(MappedFile file)
    {
        WriteField(file, HeadOffset, Length);
        WriteField(file, TailOffset, Length);
        WriteField(file, NextTailOffset, Length);
    }
}
