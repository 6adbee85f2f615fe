using System.Buffers.Binary;
using System.IO.Compression;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>
/// Queue files built by hand from the format description in docs/file-formats.md ("Queue files"),
/// independently of the runtime's code: header of four big-endian u32 (Size, Head, Tail, NextTail),
/// records <c>Sz | term | Pad zeros | Sz</c> with <c>Sz0 = len + 8</c>, <c>Pad = Sz0 rem 8</c>.
/// </summary>
internal static class QueueFiles
{
    /// <summary><c>term_to_binary(&lt;&lt;bytes&gt;&gt;)</c>: 131, 109, Len:u32 BE, bytes.</summary>
    public static byte[] BinaryTerm(byte[] bytes) => [131, 109, .. BigEndian((uint)bytes.Length), .. bytes];

    /// <summary><c>term_to_binary(a)</c> on OTP 26+: SMALL_ATOM_UTF8_EXT.</summary>
    public static byte[] AtomA => [131, 119, 1, (byte)'a'];

    /// <summary><c>term_to_binary(1)</c>: SMALL_INTEGER_EXT.</summary>
    public static byte[] IntegerOne => [131, 97, 1];

    /// <summary><c>term_to_binary({ok, 42})</c>: SMALL_TUPLE_EXT of an atom and a small integer.</summary>
    public static byte[] TupleOk42 => [131, 104, 2, 119, 2, (byte)'o', (byte)'k', 97, 42];

    /// <summary>
    /// <c>term_to_binary(lists:duplicate(200, 7), [compressed])</c>'s shape: 131, 80,
    /// UncompressedSize:u32 BE, then the zlib stream of the term without its 131
    /// (STRING_EXT 107, Len:u16 BE, the bytes).
    /// </summary>
    public static byte[] CompressedList()
    {
        byte[] inner = [107, 0, 200, .. Enumerable.Repeat((byte)7, 200)];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(inner);
        }
        return [131, 80, .. BigEndian((uint)inner.Length), .. compressed.ToArray()];
    }

    /// <summary>The record emmap writes for <paramref name="term"/>.</summary>
    public static byte[] Record(byte[] term)
    {
        int sz0 = term.Length + 8;
        int pad = sz0 % 8;
        uint sz = (uint)(sz0 + pad);
        return [.. BigEndian(sz), .. term, .. new byte[pad], .. BigEndian(sz)];
    }

    /// <summary>The record of a binary.</summary>
    public static byte[] BinaryRecord(byte[] bytes) => Record(BinaryTerm(bytes));

    /// <summary>A whole file of <paramref name="length"/> bytes: the header, then <paramref name="records"/> at 16, then zeros.</summary>
    public static byte[] File(int length, uint size, uint head, uint tail, uint nextTail, byte[] records)
    {
        var file = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(0), size);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), head);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(8), tail);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(12), nextTail);
        records.CopyTo(file, 16);
        return file;
    }

    /// <summary>A file holding <paramref name="records"/> from 16, Head 16, Tail = NextTail at their end, Size = its length.</summary>
    public static byte[] FileWith(int length, params byte[][] records)
    {
        byte[] all = records.SelectMany(r => r).ToArray();
        uint tail = (uint)(16 + all.Length);
        return File(length, (uint)length, 16, tail, tail, all);
    }

    /// <summary>The four header fields of a file's bytes.</summary>
    public static (uint Size, uint Head, uint Tail, uint NextTail) Header(byte[] file) => (
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(0)),
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(4)),
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(8)),
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12)));

    public static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
