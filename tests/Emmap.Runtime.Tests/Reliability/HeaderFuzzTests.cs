using System.Buffers.Binary;
using CsCheck;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Header fuzzing as a property: every random corruption of a counters file (both formats) or a
/// layout file, in a validated header byte, a field (huge counts, overflowing sizes, sizes past the
/// end of the file), the length (truncated, extended), makes every way of opening it throw a
/// <see cref="MappedFormatException"/> that names the path, and leaves the file's bytes, and the
/// directory, exactly as they were. The per-format example tests (CountersFileFormatTests,
/// LayoutFileTests) pin the messages; this covers the space between them.
/// </summary>
public sealed class HeaderFuzzTests
{
    private const int Iterations = 800;
    private const int Count = 3;

    /// <summary>Per format: the bytes a reader validates (the rest of a header is reserved), and the fields as (offset, size).</summary>
    private static (int Validated, (int Offset, int Size)[] Fields) Shape(CorruptedFormat format) => format switch
    {
        CorruptedFormat.EmmapCounters => (16, [(0, 8), (8, 8)]),
        CorruptedFormat.PaddedCounters => (24, [(0, 8), (8, 8), (16, 8)]),
        // The schema record in slot 0, from byte 64: its header (magic, generation, hash, length,
        // reserved, checksum), then the schema's size, count, first member's fixed fields and name length.
        CorruptedFormat.LayoutSchema => (0, [(64, 8), (72, 8), (80, 8), (88, 4), (92, 4), (104, 4), (108, 2), (110, 1), (111, 1), (112, 4), (116, 4), (120, 4), (124, 4), (128, 2)]),
        _ => (32, [(0, 8), (8, 4), (12, 4), (16, 4), (20, 4), (24, 8)]),
    };

    private static readonly Gen<ulong> FieldValue = Gen.Frequency(
        (3, Gen.OneOfConst<ulong>(0UL, 1UL, Count - 1, Count + 1, 63, 64, 65, 128, 1UL << 23, (1UL << 23) + 1, uint.MaxValue, (ulong)long.MaxValue, 1UL << 63, ulong.MaxValue, (ulong)long.MaxValue - 63)),
        (1, Gen.ULong));

    private static readonly Gen<HeaderCorruption> Corruption = Gen.Select(
        Gen.Enum<CorruptedFormat>(), Gen.Enum<CorruptionKind>(), Gen.Int[0, 1 << 16], FieldValue, Gen.Int[0, 4],
        (format, kind, offset, value, field) => new HeaderCorruption(
            format,
            kind == CorruptionKind.Extend && format is CorruptedFormat.Layout or CorruptedFormat.LayoutSchema ? CorruptionKind.Truncate : kind,
            offset, value, field));

    [Fact]
    public void EveryHeaderCorruptionIsAClearFormatErrorAndChangesNoByte()
    {
        Corruption.Sample(Check, iter: Iterations);
    }

    private static void Check(HeaderCorruption corruption)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        byte[] valid = ValidFile(corruption.Format);
        byte[] corrupt = Corrupt(valid, corruption);
        if (corrupt.AsSpan().SequenceEqual(valid))
        {
            return; // the value written was the one already there
        }
        File.WriteAllBytes(path, corrupt);
        foreach ((string how, Action open) in Openers(corruption.Format, path))
        {
            Exception? ex = Record.Exception(open);
            if (ex is null && corruption.Format == CorruptedFormat.LayoutSchema && SameLayout(valid, corrupt))
            {
                // The one part of a schema a reader ignores: a nested layout's type name (the hash
                // ignores it too, so renaming a nested struct keeps its files). Opening wrote nothing.
                Assert.True(corrupt.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{how} of {corruption}: the file was changed");
                continue;
            }
            Assert.True(ex is MappedFormatException, $"{how} of {corruption}: expected a MappedFormatException, got {ex?.GetType().Name ?? "an open file"}: {ex?.Message}");
            var format = (MappedFormatException)ex!;
            Assert.True(format.Message.Contains(path, StringComparison.Ordinal), $"{how} of {corruption}: the message does not name the file: {format.Message}");
            Assert.True(corrupt.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{how} of {corruption}: the file was changed");
        }
        Assert.Equal(["map.bin"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    private static byte[] ValidFile(CorruptedFormat format)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        if (format == CorruptedFormat.LayoutSchema)
        {
            using (var file = LayoutFile<SchemaLayout>.Open(path))
            {
                file.Layout.GetAndIncrementRequests();
            }
            return File.ReadAllBytes(path);
        }
        if (format == CorruptedFormat.Layout)
        {
            using (var file = LayoutFile<TestLayout>.Open(path))
            {
                file.Layout.IncrementCounter();
            }
            return File.ReadAllBytes(path);
        }
        return format == CorruptedFormat.EmmapCounters
            ? Counters.CountersFileFormatTests.EmmapFile(7, -1, 3)
            : Counters.CountersFileFormatTests.PaddedFile(7, -1, 3);
    }

    private static byte[] Corrupt(byte[] valid, HeaderCorruption c)
    {
        (int validated, (int Offset, int Size)[] fields) = Shape(c.Format);
        byte[] bytes = (byte[])valid.Clone();
        if (c.Format == CorruptedFormat.LayoutSchema && c.Kind != CorruptionKind.Truncate)
        {
            return CorruptSchema(bytes, c, fields);
        }
        switch (c.Kind)
        {
            case CorruptionKind.FlipByte:
                bytes[c.Offset % validated] ^= (byte)(1 + (c.Value % 255));
                return bytes;
            case CorruptionKind.Truncate:
                return bytes[..(c.Offset % bytes.Length)];
            case CorruptionKind.Extend:
                return [.. bytes, .. new byte[1 + (c.Offset % 300)]];
            default:
                (int offset, int size) = fields[c.Field % fields.Length];
                if (size == 8)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), c.Value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), unchecked((uint)c.Value));
                }
                return bytes;
        }
    }

    /// <summary>Whether the corrupt file's schema record still describes the valid one's layout exactly (same hash, an identical verdict).</summary>
    private static bool SameLayout(byte[] valid, byte[] corrupt)
    {
        static (ulong Hash, LayoutSchema? Schema) Of(byte[] file)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(64 + 24));
            try
            {
                return (BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(64 + 16)), LayoutSchema.Parse(file.AsSpan(64 + 40, length)));
            }
            catch (FormatException)
            {
                return (0, null);
            }
        }
        (ulong validHash, LayoutSchema? validSchema) = Of(valid);
        (ulong corruptHash, LayoutSchema? corruptSchema) = Of(corrupt);
        return corruptSchema is not null && validHash == corruptHash && valid.Length == corrupt.Length
            && LayoutSchema.Compare(corruptSchema, validSchema!).Verdict == LayoutVerdict.Identical;
    }

    /// <summary>
    /// A byte of the schema record flipped, or a field set; half the time the checksum is then made to
    /// match, so the corruption reaches the schema's own checks (a lying schema, not a torn one).
    /// </summary>
    private static byte[] CorruptSchema(byte[] bytes, HeaderCorruption c, (int Offset, int Size)[] fields)
    {
        const int Record = 64;
        int schemaLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Record + 24));
        int recordLength = 40 + schemaLength;
        if (c.Kind == CorruptionKind.FlipByte)
        {
            bytes[Record + c.Offset % recordLength] ^= (byte)(1 + (c.Value % 255));
        }
        else
        {
            (int offset, int size) = fields[c.Field % fields.Length];
            Span<byte> target = bytes.AsSpan(offset, size);
            for (int i = 0; i < size; i++)
            {
                target[i] = (byte)(c.Value >> (8 * i));
            }
        }
        if (c.Value % 2 == 0)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Record + 24));
            if (length >= 0 && length <= schemaLength + 1024)
            {
                ulong hash = 14695981039346656037UL;
                foreach (byte b in bytes.AsSpan(Record, 32))
                {
                    hash = unchecked((hash ^ b) * 1099511628211UL);
                }
                foreach (byte b in bytes.AsSpan(Record + 40, length))
                {
                    hash = unchecked((hash ^ b) * 1099511628211UL);
                }
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Record + 32), hash);
            }
        }
        return bytes;
    }

    private static (string How, Action Open)[] Openers(CorruptedFormat format, string path) => format == CorruptedFormat.LayoutSchema
        ? [
            ("LayoutFile.Open", () => LayoutFile<SchemaLayout>.Open(path).Dispose()),
            ("LayoutFile.Open(upgrade)", () => LayoutFile<SchemaLayout>.Open(path, new LayoutFileOptions { AllowUpgrade = true }).Dispose()),
            ("LayoutFile.Open(read)", () => LayoutFile<SchemaLayout>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }).Dispose()),
        ]
        : format == CorruptedFormat.Layout
        ? [
            ("LayoutFile.Open", () => LayoutFile<TestLayout>.Open(path).Dispose()),
            ("LayoutFile.Open(read)", () => LayoutFile<TestLayout>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }).Dispose()),
        ]
        : [
            ("MappedCounters.Open", () => MappedCounters.Open(path, Count, format == CorruptedFormat.EmmapCounters ? CountersFormat.Emmap : CountersFormat.Padded).Dispose()),
            ("MappedCounters.Open(other format)", () => MappedCounters.Open(path, Count, format == CorruptedFormat.EmmapCounters ? CountersFormat.Padded : CountersFormat.Emmap).Dispose()),
            ("MappedCounters.OpenExisting", () => MappedCounters.OpenExisting(path).Dispose()),
            ("MappedCounters.OpenExisting(read)", () => MappedCounters.OpenExisting(path, MapAccess.Read).Dispose()),
        ];
}
