using System.Buffers.Binary;
using System.Globalization;

namespace Emmap;

/// <summary>
/// The two schema slots of a version-2 layout file (<c>docs/file-formats.md</c>, "Layout files"):
/// the current schema is in slot (generation mod 2); an upgrade writes the other slot, then
/// increments the generation word, so a reader sees the old schema or the new one, never half of one.
/// </summary>
/// <remarks>
/// A slot holds one record, little-endian:
/// <code>
/// offset size content
///  0      8   ASCII "EMSCHEMA"
///  8      8   generation, u64 (the header's generation when this record is current)
/// 16      8   layout hash, u64
/// 24      4   schema length n, u32
/// 28      4   reserved: zero (checked)
/// 32      8   checksum, u64: FNV-1a 64 over bytes 0..31 and the n schema bytes
/// 40      n   the schema (<see cref="SchemaFormat"/>)
/// </code>
/// </remarks>
internal static class LayoutSchemaSlots
{
    internal const int RecordHeaderLength = 40;

    /// <summary>How many times a reader re-reads when an upgrade moves the generation under it.</summary>
    private const int ReadAttempts = 64;

    internal static ReadOnlySpan<byte> Magic => "EMSCHEMA"u8;

    /// <summary>
    /// The slot size a new file gets for a schema of <paramref name="schemaLength"/> bytes: room for
    /// the schema to grow to four times its size (at least 1 KiB), so upgrades that add members fit.
    /// </summary>
    internal static int SlotSizeFor(int schemaLength)
    {
        long record = RecordHeaderLength + (long)schemaLength;
        long wanted = Math.Max(record, Math.Min(MaxSlotSize, Math.Max(1024, 4 * record)));
        return (int)((wanted + LayoutFileHeader.DataAlignment - 1) / LayoutFileHeader.DataAlignment * LayoutFileHeader.DataAlignment);
    }

    /// <summary>
    /// The largest schema slot a reader accepts (and a writer makes, but for a schema larger than it),
    /// so a lying header cannot make a reader allocate more: 16 MiB, room for a schema of several
    /// hundred thousand members.
    /// </summary>
    internal const int MaxSlotSize = 16 << 20;

    /// <summary>Where the slot of <paramref name="generation"/> starts.</summary>
    internal static long SlotOffset(uint slotSize, ulong generation) => LayoutFileHeader.Length + (long)(generation & 1) * slotSize;

    /// <summary>The record for a schema, ready to be written into a slot.</summary>
    internal static byte[] Record(ulong generation, ulong hash, ReadOnlySpan<byte> schema)
    {
        byte[] record = new byte[RecordHeaderLength + schema.Length];
        Magic.CopyTo(record);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(8), generation);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(16), hash);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), (uint)schema.Length);
        schema.CopyTo(record.AsSpan(RecordHeaderLength));
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), Checksum(record));
        return record;
    }

    /// <summary>What the current slot says.</summary>
    internal sealed record Current(ulong Generation, ulong Hash, byte[] SchemaBytes, LayoutSchema Schema);

    /// <summary>
    /// Reads the current schema of a mapped version-2 file: re-reads while an upgrade moves the
    /// generation, then checks the record (magic, generation, length, checksum) and the schema.
    /// Throws <see cref="MappedFormatException"/> naming <paramref name="path"/> when they are wrong.
    /// </summary>
    internal static Current Read(MappedFile file, string path, LayoutFileHeader.Fields header)
    {
        byte[] slot = new byte[header.SlotSize];
        for (int attempt = 0; ; attempt++)
        {
            ulong generation = file.ReadVolatileUInt64(LayoutFileHeader.GenerationOffset);
            file.ReadAt(SlotOffset(header.SlotSize, generation), slot);
            Interlocked.MemoryBarrier();
            if (file.ReadVolatileUInt64(LayoutFileHeader.GenerationOffset) != generation)
            {
                if (attempt < ReadAttempts)
                {
                    Thread.Yield();
                    continue;
                }
                throw new IOException($"'{path}': the layout file's schema kept changing while it was read ({ReadAttempts} attempts); another process is upgrading it again and again.");
            }
            return Check(path, slot, generation);
        }
    }

    /// <summary>Checks one slot's record, read while the header's generation was <paramref name="generation"/>.</summary>
    internal static Current Check(string path, ReadOnlySpan<byte> slot, ulong generation)
    {
        const string Corrupt = "The schema is corrupt; the file was left unchanged.";
        string where = string.Create(CultureInfo.InvariantCulture, $"the schema slot {generation & 1} (generation {generation})");
        if (!slot[..Magic.Length].SequenceEqual(Magic))
        {
            throw new MappedFormatException(path, where + "'s magic", "0x" + Convert.ToHexString(slot[..Magic.Length]), "\"EMSCHEMA\"", Corrupt);
        }
        ulong recorded = BinaryPrimitives.ReadUInt64LittleEndian(slot[8..]);
        if (recorded != generation)
        {
            throw new MappedFormatException(path, where + "'s generation", recorded.ToString(CultureInfo.InvariantCulture),
                generation.ToString(CultureInfo.InvariantCulture) + " (the header's)", Corrupt);
        }
        uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(slot[28..]);
        if (reserved != 0)
        {
            throw new MappedFormatException(path, where + "'s reserved word", $"0x{reserved:X8}", "0", Corrupt);
        }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(slot[24..]);
        if (length > slot.Length - RecordHeaderLength)
        {
            throw new MappedFormatException(path, where + "'s schema length", $"{length} bytes",
                $"at most {slot.Length - RecordHeaderLength} bytes (the slot is {slot.Length} bytes, {RecordHeaderLength} of them the record's header)", Corrupt);
        }
        ReadOnlySpan<byte> record = slot[..(RecordHeaderLength + (int)length)];
        ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(slot[32..]);
        ulong computed = Checksum(record);
        if (checksum != computed)
        {
            throw new MappedFormatException(path, where + "'s checksum", $"0x{checksum:X16}", $"0x{computed:X16} (computed over its {length} schema bytes)", Corrupt);
        }
        byte[] schemaBytes = record[RecordHeaderLength..].ToArray();
        if (!SchemaFormat.TryRead(schemaBytes, out LayoutSchema? schema, out string? problem))
        {
            throw new MappedFormatException(path, where + "'s schema", $"not valid: {problem}", "a schema as docs/file-formats.md describes it", Corrupt);
        }
        return new Current(generation, BinaryPrimitives.ReadUInt64LittleEndian(slot[16..]), schemaBytes, schema!);
    }

    /// <summary>FNV-1a 64 over the record's first 32 bytes and its schema (the checksum's own 8 bytes left out).</summary>
    internal static ulong Checksum(ReadOnlySpan<byte> record)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in record[..32])
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }
        foreach (byte b in record[RecordHeaderLength..])
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }
        return hash;
    }
}
