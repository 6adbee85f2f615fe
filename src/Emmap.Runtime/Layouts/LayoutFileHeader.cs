using System.Buffers.Binary;
using System.Globalization;

namespace Emmap;

/// <summary>
/// The header of a layout file (<c>docs/file-formats.md</c>, "Layout files"): 64 bytes, little-endian,
/// followed by the layout's data at the header size, a multiple of 64.
/// </summary>
/// <remarks>
/// <code>
/// offset size content
///  0      8   ASCII "EMLAYOUT"
///  8      4   format version, u32 (1)
/// 12      4   header size = data offset, u32 (a multiple of 64, at least 64; 64 when written)
/// 16      8   layout hash, u64
/// 24      8   layout size in bytes, u64
/// 32     32   reserved: zero when written, ignored when read
/// </code>
/// </remarks>
internal static class LayoutFileHeader
{
    /// <summary>The bytes a version-1 writer writes and a reader reads: the header proper.</summary>
    internal const int Length = 64;

    /// <summary>The boundary the data starts at, and the unit the header size is counted in.</summary>
    internal const int DataAlignment = 64;

    /// <summary>The format version this code writes and the only one it reads.</summary>
    internal const uint Version = 1;

    internal const int VersionOffset = 8;
    internal const int HeaderSizeOffset = 12;
    internal const int HashOffset = 16;
    internal const int LayoutSizeOffset = 24;

    /// <summary>The magic, ASCII <c>EMLAYOUT</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => "EMLAYOUT"u8;

    /// <summary>Writes a version-1 header for a layout of <paramref name="layoutSize"/> bytes into <paramref name="header"/> (64 bytes).</summary>
    internal static void Write(Span<byte> header, ulong layoutHash, int layoutSize)
    {
        header[..Length].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderSizeOffset..], Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[HashOffset..], layoutHash);
        BinaryPrimitives.WriteUInt64LittleEndian(header[LayoutSizeOffset..], (ulong)layoutSize);
    }

    /// <summary>
    /// Checks a layout file's header against the layout this process expects; returns the data
    /// offset. Throws <see cref="MappedFormatException"/> (or <see cref="LayoutMismatchException"/>)
    /// for a file that is not a readable layout file or was written by another layout. Writes nothing.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="header">The file's first bytes (fewer than 64 when the file is shorter).</param>
    /// <param name="fileLength">The file's length.</param>
    /// <param name="layoutName">The expected layout's type name, for messages.</param>
    /// <param name="expectedHash">The expected layout hash.</param>
    /// <param name="expectedSize">The expected layout size.</param>
    internal static long Validate(string path, ReadOnlySpan<byte> header, long fileLength, string layoutName, ulong expectedHash, int expectedSize)
    {
        Fields fields = Read(path, header, fileLength);
        if (fields.Hash != expectedHash || fields.LayoutSize != (ulong)expectedSize)
        {
            throw new LayoutMismatchException(path, layoutName, expectedHash, expectedSize, fields.Hash, (long)fields.LayoutSize);
        }
        return fields.HeaderSize;
    }

    /// <summary>
    /// Reads a layout file's header without knowing its layout: every check of <see cref="Validate"/>
    /// but the hash and size comparison. Throws <see cref="MappedFormatException"/> for a file that is
    /// not a readable layout file. Writes nothing.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="header">The file's first bytes (fewer than 64 when the file is shorter).</param>
    /// <param name="fileLength">The file's length.</param>
    internal static Fields Read(string path, ReadOnlySpan<byte> header, long fileLength)
    {
        if (fileLength < Length || header.Length < Length)
        {
            throw new MappedFormatException(path, "the file length", Bytes(fileLength), $"at least {Length} bytes (a layout-file header)",
                "The file is truncated or is not a layout file; it was left unchanged.");
        }
        if (!header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new MappedFormatException(path, "the magic", Describe(header[..Magic.Length]), Describe(Magic),
                "The file is not an Emmap layout file; it was left unchanged.");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[VersionOffset..]);
        if (version != Version)
        {
            throw new MappedFormatException(path, "the format version", version.ToString(CultureInfo.InvariantCulture), Version.ToString(CultureInfo.InvariantCulture),
                "The file was written by another version of Emmap; open it with that version.");
        }
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderSizeOffset..]);
        if (headerSize < Length || headerSize % DataAlignment != 0)
        {
            throw new MappedFormatException(path, "the header size", Bytes(headerSize), $"a multiple of {DataAlignment} of at least {Length} bytes",
                "The header is corrupt; the file was left unchanged.");
        }
        ulong layoutSize = BinaryPrimitives.ReadUInt64LittleEndian(header[LayoutSizeOffset..]);
        if (layoutSize > (ulong)(long.MaxValue - headerSize))
        {
            throw new MappedFormatException(path, "the header size + layout size",
                $"{headerSize} + {layoutSize} bytes (past the largest file length, {long.MaxValue})", $"at most the file length, {Bytes(fileLength)}",
                "The header is corrupt; the file was left unchanged.");
        }
        long dataEnd = headerSize + (long)layoutSize;
        if (fileLength < dataEnd)
        {
            throw new MappedFormatException(path, "the file length", Bytes(fileLength),
                $"at least {dataEnd} bytes (header size {headerSize} + layout size {layoutSize}, as its header says)",
                "The file is truncated; it was left unchanged.");
        }
        return new Fields(version, headerSize, BinaryPrimitives.ReadUInt64LittleEndian(header[HashOffset..]), layoutSize);
    }

    /// <summary>What a well-formed header says.</summary>
    /// <param name="Version">The format version.</param>
    /// <param name="HeaderSize">The header size: where the data begins.</param>
    /// <param name="Hash">The layout hash.</param>
    /// <param name="LayoutSize">The layout size in bytes.</param>
    internal readonly record struct Fields(uint Version, uint HeaderSize, ulong Hash, ulong LayoutSize);

    private static string Bytes(long count) => $"{count} bytes";

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return "0x" + Convert.ToHexString(bytes);
            }
        }
        return "\"" + System.Text.Encoding.ASCII.GetString(bytes) + "\"";
    }
}
