using System.Buffers.Binary;

namespace Emmap;

/// <summary>
/// The framing of one record in a queue file, as emmap writes it:
/// <c>Sz:u32 BE | term | Pad zero bytes | Sz:u32 BE</c>, where <c>Sz0 = length(term) + 8</c>,
/// <c>Pad = Sz0 rem 8</c> and <c>Sz = Sz0 + Pad</c> (see <c>docs/file-formats.md</c>, "Queue files").
/// </summary>
internal static class QueueRecord
{
    /// <summary>The tag every external-term-format term starts with.</summary>
    internal const byte VersionTag = 131;

    /// <summary>The tag of a binary (<c>BINARY_EXT</c>): <c>109, Len:u32 BE, bytes</c>.</summary>
    internal const byte BinaryTag = 109;

    /// <summary>The bytes before a binary's contents: 131, 109 and the length.</summary>
    internal const int BinaryPrefixLength = 6;

    /// <summary>The framing around the term: the leading and trailing Sz.</summary>
    internal const int FramingLength = 8;

    /// <summary>The record size emmap gives a term of <paramref name="termLength"/> bytes: <c>Sz0 + Sz0 rem 8</c>.</summary>
    internal static long SizeFor(long termLength)
    {
        long sz0 = termLength + FramingLength;
        return sz0 + sz0 % 8;
    }

    /// <summary>
    /// Writes the record of a term at <paramref name="position"/>: the leading Sz, the term (given as
    /// <paramref name="prefix"/> then <paramref name="body"/>), the zero padding and the trailing Sz.
    /// </summary>
    internal static void Write(MappedFile file, long position, uint size, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        Span<byte> framing = stackalloc byte[4 + 8 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(framing, size);
        file.WriteAt(position, framing[..4]);
        long at = position + 4;
        if (!prefix.IsEmpty)
        {
            file.WriteAt(at, prefix);
            at += prefix.Length;
        }
        if (!body.IsEmpty)
        {
            file.WriteAt(at, body);
            at += body.Length;
        }
        int padding = (int)(position + size - 4 - at);
        Span<byte> tail = framing.Slice(4, padding + 4);
        tail[..padding].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(tail[padding..], size);
        file.WriteAt(at, tail);
    }

    /// <summary>
    /// The length of the binary whose record payload (term and padding, <paramref name="payloadLength"/>
    /// bytes) starts with <paramref name="start"/>, or -1 when the term is not a well-formed binary.
    /// Only <c>131, 109, Len:u32 BE</c> followed by at least <c>Len</c> bytes counts; anything else
    /// is another term.
    /// </summary>
    internal static long BinaryLength(ReadOnlySpan<byte> start, long payloadLength)
    {
        if (start.Length < BinaryPrefixLength || start[0] != VersionTag || start[1] != BinaryTag)
        {
            return -1;
        }
        uint length = BinaryPrimitives.ReadUInt32BigEndian(start[2..]);
        return length <= payloadLength - BinaryPrefixLength ? length : -1;
    }

    /// <summary>
    /// Reads and checks the framing of the record at <paramref name="position"/>, which must end at or
    /// before <paramref name="limit"/> (the header's Tail).
    /// </summary>
    /// <returns>The record's Sz.</returns>
    /// <exception cref="MappedFormatException">The leading Sz is out of range, or the trailing one differs; the message names the offset and the values.</exception>
    internal static uint ReadSize(MappedFile file, string path, long position, long limit)
    {
        Span<byte> word = stackalloc byte[4];
        if (limit - position < FramingLength + 1)
        {
            throw new MappedFormatException(path, $"the record at offset {position}", $"{limit - position} bytes long (up to Tail {limit})",
                $"at least {FramingLength + 1} bytes (a leading Sz, a term, a trailing Sz)", "The queue file is corrupt; it was left as it is.");
        }
        file.ReadAt(position, word);
        uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
        if (size < FramingLength + 1 || size > limit - position)
        {
            throw new MappedFormatException(path, $"the size (Sz) of the record at offset {position}", size.ToString(),
                $"{FramingLength + 1} to {limit - position} (the record must end by Tail {limit})", "The queue file is corrupt; it was left as it is.");
        }
        file.ReadAt(position + size - 4, word);
        uint trailing = BinaryPrimitives.ReadUInt32BigEndian(word);
        if (trailing != size)
        {
            throw new MappedFormatException(path, $"the trailing size of the record at offset {position}", trailing.ToString(),
                $"{size}, its leading size (emmap's message_size_mismatch)", "The queue file is corrupt; it was left as it is.");
        }
        return size;
    }

    /// <summary>
    /// Reads and checks the record that ends at <paramref name="end"/> (the header's Tail), walking
    /// back by its trailing Sz; it must start at or after <paramref name="start"/> (the header's Head).
    /// </summary>
    /// <returns>The record's offset.</returns>
    internal static long FindLast(MappedFile file, string path, long start, long end)
    {
        Span<byte> word = stackalloc byte[4];
        file.ReadAt(end - 4, word);
        uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
        if (size < FramingLength + 1 || size > end - start)
        {
            throw new MappedFormatException(path, $"the trailing size (Sz) of the record ending at Tail {end}", size.ToString(),
                $"{FramingLength + 1} to {end - start} (the record must start at or after Head {start})", "The queue file is corrupt; it was left as it is.");
        }
        long position = end - size;
        _ = ReadSize(file, path, position, end);
        return position;
    }
}
