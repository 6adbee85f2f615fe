namespace Emmap;

// Opening a layout file against its schema (format version 2), and upgrading it in place.
public sealed partial class LayoutFile<T>
{
    /// <summary>How many times an open maps the file again after an upgrade (its own or another process's) grew it.</summary>
    private const int RemapAttempts = 16;

    /// <summary>What this process expects the file to hold: the layout's name, hash, size and schema.</summary>
    private sealed class Expected(string name, ulong hash, int size, byte[] schema)
    {
        public string Name { get; } = name;
        public ulong Hash { get; } = hash;
        public int Size { get; } = size;
        public byte[] Schema { get; } = schema;
        public LayoutSchema Parsed { get; } = LayoutSchema.Parse(schema);
        public int SlotSize { get; } = LayoutSchemaSlots.SlotSizeFor(schema.Length);
        public long CreateLength => LayoutFileHeader.HeaderSizeFor(SlotSize) + Size;

        /// <summary>Writes a new file's header and its first schema (generation 0, slot 0); the data stays zero.</summary>
        public void Initialize(MappedFile file)
        {
            Span<byte> header = stackalloc byte[LayoutFileHeader.Length];
            LayoutFileHeader.Write(header, SlotSize, generation: 0);
            file.WriteAt(0, header);
            file.WriteAt(LayoutSchemaSlots.SlotOffset((uint)SlotSize, 0), LayoutSchemaSlots.Record(0, Hash, Schema));
        }
    }

    /// <summary>
    /// Checks the mapped file against the layout: its data offset when the layout can be bound,
    /// <see langword="null"/> when the file must be mapped again (it was upgraded, here or elsewhere).
    /// Throws <see cref="LayoutMismatchException"/> or <see cref="MappedFormatException"/> otherwise.
    /// </summary>
    private static long? Check(MappedFile file, Expected expected, LayoutFileOptions options, int attempt)
    {
        string path = file.Path!;
        LayoutFileHeader.Fields header = LayoutFileHeader.Read(path, file.ReadAt(0, (int)Math.Min(LayoutFileHeader.Length, file.Length)), file.Length);
        if (header.Version == LayoutFileHeader.VersionWithoutSchema)
        {
            return header.HeaderSize; // the validator compared its hash and size
        }
        LayoutSchemaSlots.Current current = LayoutSchemaSlots.Read(file, path, header);
        long dataEnd = header.HeaderSize + (long)current.Schema.Size;
        if (file.Length < dataEnd)
        {
            if (attempt < RemapAttempts && RandomAccess.GetLength(file.Stream!.SafeFileHandle) >= dataEnd)
            {
                return null; // an upgrade grew the file after it was mapped
            }
            throw new MappedFormatException(path, "the file length", $"{file.Length} bytes",
                $"at least {dataEnd} bytes (header and schema slots {header.HeaderSize} + layout size {current.Schema.Size}, as its schema says)",
                "The file is truncated; it was left unchanged.");
        }
        if (current.Hash == expected.Hash && current.SchemaBytes.AsSpan().SequenceEqual(expected.Schema))
        {
            return header.HeaderSize;
        }
        LayoutComparison comparison = LayoutSchema.Compare(current.Schema, expected.Parsed);
        if (comparison.Verdict == LayoutVerdict.Identical && current.Hash != expected.Hash)
        {
            comparison = new LayoutComparison(LayoutVerdict.Incompatible,
                [new LayoutChange(LayoutChangeKind.HashChanged, string.Empty, $"0x{current.Hash:X16}", $"0x{expected.Hash:X16}", isCompatible: false)]);
        }
        switch (comparison.Verdict)
        {
            case LayoutVerdict.Identical:
            case LayoutVerdict.Subset:
                return header.HeaderSize;
            case LayoutVerdict.Upgrade when !options.AllowUpgrade:
                throw Mismatch(path, expected, current, comparison,
                    "Every change is compatible: open it with LayoutFileOptions.AllowUpgrade to upgrade the file in place.");
            case LayoutVerdict.Upgrade when options.Access != MapAccess.ReadWrite:
                throw Mismatch(path, expected, current, comparison,
                    "Every change is compatible, but a read-only open cannot upgrade the file: open it read-write with LayoutFileOptions.AllowUpgrade.");
            case LayoutVerdict.Upgrade when attempt < RemapAttempts:
                Upgrade(file, path, header, current, expected);
                return null;
            case LayoutVerdict.Upgrade:
                throw new IOException($"'{path}': the layout file was upgraded {RemapAttempts} times while it was being opened; another process keeps changing it.");
            default:
                throw Mismatch(path, expected, current, comparison,
                    "Only adding members (in bytes no member uses, or by growing the size) and renaming with a declared former name (FormerNames) are compatible;"
                    + " open the file with the layout that wrote it, or delete it to start afresh.");
        }
    }

    private static LayoutMismatchException Mismatch(string path, Expected expected, LayoutSchemaSlots.Current current, LayoutComparison comparison, string why) =>
        LayoutMismatchException.FromComparison(path, expected.Name, expected.Hash, expected.Size, current.Hash, current.Schema.Size, comparison, why);

    /// <summary>
    /// Upgrades the file to the expected layout under an exclusive lock on its header: grows the file
    /// when the layout grew (the new bytes are zero), writes the new schema into the slot that is not
    /// current, makes it durable, then increments the generation word, the one write that publishes it.
    /// Does nothing when another process upgraded first (the caller looks again).
    /// </summary>
    private static void Upgrade(MappedFile file, string path, LayoutFileHeader.Fields header, LayoutSchemaSlots.Current current, Expected expected)
    {
        if (!Native.IsLinux)
        {
            throw new PlatformNotSupportedException($"'{path}': upgrading a layout file in place takes an open-file-description lock, which only Linux has; the file was left unchanged.");
        }
        FileStream stream = file.Stream!;
        nint fd = stream.SafeFileHandle.DangerousGetHandle();
        int errno = Native.LockRange(fd, 0, LayoutFileHeader.Length);
        if (errno != 0)
        {
            throw new IOException($"'{path}': could not lock the layout file's header to upgrade it (errno {errno}); the file was left unchanged.");
        }
        try
        {
            ulong generation = file.ReadVolatileUInt64(LayoutFileHeader.GenerationOffset);
            if (generation != current.Generation)
            {
                return;
            }
            byte[] record = LayoutSchemaSlots.Record(generation + 1, expected.Hash, expected.Schema);
            if (record.Length > header.SlotSize)
            {
                throw new MappedFormatException(path, "the upgraded layout's schema record", $"{record.Length} bytes", $"at most the file's schema slot size, {header.SlotSize} bytes",
                    "The file was created with room for a smaller schema, so it cannot be upgraded in place; the file was left unchanged.");
            }
            long dataEnd = header.HeaderSize + (long)expected.Size;
            long length = RandomAccess.GetLength(stream.SafeFileHandle);
            if (length < dataEnd)
            {
                FileSpace.Grow(stream, path, length, dataEnd, sparse: false);
            }
            file.WriteAt(LayoutSchemaSlots.SlotOffset(header.SlotSize, generation + 1), record);
            file.Flush();
            LayoutUpgradeHooks.BeforePublish?.Invoke(path);
            file.WriteVolatileUInt64(LayoutFileHeader.GenerationOffset, generation + 1);
            file.Flush();
        }
        finally
        {
            _ = Native.UnlockRange(fd, 0, LayoutFileHeader.Length);
        }
    }
}

/// <summary>For tests: runs in an upgrading process after the new schema is written and before it is published (set in a helper process only).</summary>
internal static class LayoutUpgradeHooks
{
    /// <summary>Called with the file's path, holding the header lock, the new slot written, the generation not yet incremented.</summary>
    internal static Action<string>? BeforePublish { get; set; }
}
