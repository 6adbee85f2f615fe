using System.Buffers.Binary;
using System.Globalization;

namespace Emmap;

/// <summary>
/// The header of a layout file (<c>docs/file-formats.md</c>, "Layout files"): 64 bytes, little-endian,
/// followed (version 2) by two schema slots, then the layout's data at the header size, a multiple of 64.
/// </summary>
/// <remarks>
/// <code>
/// offset size content
///  0      8   ASCII "EMLAYOUT"
///  8      4   format version, u32 (2 written; 1 still read)
/// 12      4   header size = data offset, u32 (a multiple of 64; version 2: 64 + 2 * slot size)
/// version 1:
/// 16      8   layout hash, u64
/// 24      8   layout size in bytes, u64
/// version 2:
/// 16      4   schema slot size, u32 (a multiple of 64, at least 64); slot 0 at 64, slot 1 at 64 + slot size
/// 20      4   reserved: zero (checked)
/// 24      8   schema generation, u64: the current schema is in slot (generation mod 2); written last
/// both:
/// 32     32   reserved: zero when written, ignored when read
/// </code>
/// </remarks>
internal static class LayoutFileHeader
{
    /// <summary>The bytes a version-1 writer writes and a reader reads: the header proper.</summary>
    internal const int Length = 64;

    /// <summary>The boundary the data starts at, and the unit the header size is counted in.</summary>
    internal const int DataAlignment = 64;

    /// <summary>The format version this code writes: a header, two schema slots, the data.</summary>
    internal const uint Version = 2;

    /// <summary>The format version before schemas: the header holds the layout's hash and size only. Still read.</summary>
    internal const uint VersionWithoutSchema = 1;

    /// <summary>Version 2: where the schema slot size is.</summary>
    internal const int SlotSizeOffset = 16;

    /// <summary>Version 2: where the schema generation word is (8-byte aligned, written last).</summary>
    internal const int GenerationOffset = 24;

    internal const int VersionOffset = 8;
    internal const int HeaderSizeOffset = 12;
    internal const int HashOffset = 16;
    internal const int LayoutSizeOffset = 24;

    /// <summary>The magic, ASCII <c>EMLAYOUT</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => "EMLAYOUT"u8;

    /// <summary>Writes a version-1 header (no schema) for a layout of <paramref name="layoutSize"/> bytes into <paramref name="header"/> (64 bytes). For tests of old files.</summary>
    internal static void WriteVersion1(Span<byte> header, ulong layoutHash, int layoutSize)
    {
        header[..Length].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], VersionWithoutSchema);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderSizeOffset..], Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[HashOffset..], layoutHash);
        BinaryPrimitives.WriteUInt64LittleEndian(header[LayoutSizeOffset..], (ulong)layoutSize);
    }

    /// <summary>Writes a version-2 header with schema slots of <paramref name="slotSize"/> bytes and generation <paramref name="generation"/> into <paramref name="header"/> (64 bytes).</summary>
    internal static void Write(Span<byte> header, int slotSize, ulong generation)
    {
        header[..Length].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderSizeOffset..], (uint)HeaderSizeFor(slotSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header[SlotSizeOffset..], (uint)slotSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[GenerationOffset..], generation);
    }

    /// <summary>The header size (data offset) of a version-2 file with schema slots of <paramref name="slotSize"/> bytes.</summary>
    internal static long HeaderSizeFor(long slotSize) => Length + 2 * slotSize;

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
        if (fields.Version != VersionWithoutSchema)
        {
            return fields.HeaderSize; // the schema, read from the mapping, decides
        }
        if (fields.Hash != expectedHash || fields.LayoutSize != (ulong)expectedSize)
        {
            throw LayoutMismatchException.WithoutSchema(path, layoutName, expectedHash, expectedSize, fields.Hash, (long)fields.LayoutSize);
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
        if (version is not (Version or VersionWithoutSchema))
        {
            throw new MappedFormatException(path, "the format version", version.ToString(CultureInfo.InvariantCulture), $"{VersionWithoutSchema} or {Version}",
                "The file was written by another version of Emmap; open it with that version.");
        }
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderSizeOffset..]);
        if (headerSize < Length || headerSize % DataAlignment != 0)
        {
            throw new MappedFormatException(path, "the header size", Bytes(headerSize), $"a multiple of {DataAlignment} of at least {Length} bytes",
                "The header is corrupt; the file was left unchanged.");
        }
        if (version == Version)
        {
            uint slotSize = BinaryPrimitives.ReadUInt32LittleEndian(header[SlotSizeOffset..]);
            if (slotSize < DataAlignment || slotSize > LayoutSchemaSlots.MaxSlotSize || slotSize % DataAlignment != 0 || HeaderSizeFor(slotSize) != headerSize)
            {
                throw new MappedFormatException(path, "the schema slot size", Bytes(slotSize),
                    $"a multiple of {DataAlignment} from {DataAlignment} to {LayoutSchemaSlots.MaxSlotSize} bytes with header size {headerSize} = {Length} + 2 * slot size",
                    "The header is corrupt; the file was left unchanged.");
            }
            uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(header[(SlotSizeOffset + 4)..]);
            if (reserved != 0)
            {
                throw new MappedFormatException(path, "the reserved header word at byte 20", $"0x{reserved:X8}", "0 in format version 2",
                    "The header is corrupt; the file was left unchanged.");
            }
            if (fileLength < headerSize)
            {
                throw new MappedFormatException(path, "the file length", Bytes(fileLength),
                    $"at least {headerSize} bytes (the header and its two schema slots, as its header says)", "The file is truncated; it was left unchanged.");
            }
            return new Fields(version, headerSize, 0, 0, slotSize, BinaryPrimitives.ReadUInt64LittleEndian(header[GenerationOffset..]));
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
        return new Fields(version, headerSize, BinaryPrimitives.ReadUInt64LittleEndian(header[HashOffset..]), layoutSize, 0, 0);
    }

    /// <summary>What a well-formed header says.</summary>
    /// <param name="Version">The format version.</param>
    /// <param name="HeaderSize">The header size: where the data begins.</param>
    /// <param name="Hash">The layout hash.</param>
    /// <param name="LayoutSize">The layout size in bytes.</param>
    /// <param name="SlotSize">Version 2: the size of each schema slot; 0 for version 1.</param>
    /// <param name="Generation">Version 2: the schema generation when the header was read; 0 for version 1.</param>
    /// <remarks>For version 2, <see cref="Hash"/> and <see cref="LayoutSize"/> are 0: the schema in the current slot holds them.</remarks>
    internal readonly record struct Fields(uint Version, uint HeaderSize, ulong Hash, ulong LayoutSize, uint SlotSize, ulong Generation);

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
