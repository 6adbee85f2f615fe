using Microsoft.Win32.SafeHandles;

namespace Emmap;

/// <summary>
/// What a file is, read from its header without knowing what wrote it: a counters file of either
/// format, a layout file, a ring file, or something else. For tools (the <c>emmap</c> command) and diagnostics.
/// </summary>
/// <remarks>
/// <see cref="Read"/> opens the file read-only and without blocking (a FIFO at the path is refused,
/// not waited on), reads its first bytes, and closes it: it never creates, maps or changes a file.
/// A file whose magic is Emmap's but whose header is inconsistent (truncated, a wrong count or
/// length, an unknown version) is still recognised, with <see cref="Problem"/> saying what is wrong,
/// in the words <see cref="MappedCounters"/>, <see cref="LayoutFile{T}"/> or <see cref="MappedRing"/> would use to refuse it.
/// </remarks>
public sealed class EmmapFileDescription
{
    /// <summary>How many bytes of the file's start <see cref="Prefix"/> holds at most.</summary>
    public const int PrefixLength = 128;

    private EmmapFileDescription(string path, long length, byte[] prefix)
    {
        Path = path;
        Length = length;
        Prefix = prefix;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes when it was read.</summary>
    public long Length { get; }

    /// <summary>The file's first bytes: <see cref="PrefixLength"/> of them, or the whole file when it is shorter.</summary>
    public ReadOnlyMemory<byte> Prefix { get; }

    /// <summary>What the file's magic says it is.</summary>
    public EmmapFileKind Kind { get; private set; }

    /// <summary>
    /// The format's name: <c>emmap-counters</c> (Erlang emmap's counters format), <c>padded-counters</c>,
    /// <c>layout</c>, <c>ring</c>, or <c>unknown</c>. Stable: tools print it and scripts match it.
    /// </summary>
    public string FormatName { get; private set; } = "unknown";

    /// <summary>
    /// The format's version: for a counters file the version its magic carries (1 for <c>EMMAP01\n</c>;
    /// 1 for the padded format, whose header records its slot size instead), for a layout file the
    /// header's version field, for a ring file its header's version field; 0 for an unknown file or a
    /// header too short to hold one.
    /// </summary>
    public int FormatVersion { get; private set; }

    /// <summary>
    /// Why the file, though its magic is Emmap's, would be refused by the type that opens it; or
    /// <see langword="null"/> when its header is consistent (and always for an unknown file).
    /// </summary>
    public string? Problem { get; private set; }

    /// <summary>For a counters file with a consistent header, its format; otherwise <see langword="null"/>.</summary>
    public CountersFormat? CountersFormat { get; private set; }

    /// <summary>For a counters file with a consistent header, the number of counters; otherwise 0.</summary>
    public int CounterCount { get; private set; }

    /// <summary>For a counters file with a consistent header, the file offset of counter 0; otherwise 0.</summary>
    public long FirstCounterOffset { get; private set; }

    /// <summary>For a counters file with a consistent header, the distance in bytes between consecutive counters (8 or 128); otherwise 0.</summary>
    public int CounterSpacing { get; private set; }

    /// <summary>
    /// For a layout file with a consistent header, the header size: where the layout's data begins;
    /// for a ring file with a consistent header, where the ring's memory begins: its header length,
    /// 256, or for a broadcast ring 256 and 64 bytes per reader slot; otherwise 0.
    /// </summary>
    public long DataOffset { get; private set; }

    /// <summary>
    /// For a layout file with a consistent header, the layout's size in bytes; for a ring file with a
    /// consistent header, the size of its records' layout (a <see cref="MappedRing{T}"/>), 0 for a ring
    /// of byte messages; otherwise 0.
    /// </summary>
    public long LayoutSize { get; private set; }

    /// <summary>
    /// For a layout file with a consistent header, the layout hash it was written with; for a ring
    /// file with a consistent header, its records' layout hash (a <see cref="MappedRing{T}"/>), 0 for
    /// a ring of byte messages; otherwise 0.
    /// </summary>
    public ulong LayoutHash { get; private set; }

    /// <summary>
    /// For a ring file with a consistent header, its capacity: the bytes of the ring's memory, which
    /// follows the header at <see cref="DataOffset"/>; otherwise 0.
    /// </summary>
    public long RingCapacity { get; private set; }

    /// <summary>
    /// For a layout file of format version 2 with a consistent header and schema, the schema it holds
    /// (every member's name, kind, type, offset and size), so its data can be read without the C#
    /// struct; otherwise <see langword="null"/> (version 1 files carry no schema).
    /// </summary>
    public LayoutSchema? Schema { get; private set; }

    /// <summary>
    /// Reads what the file at <paramref name="path"/> is. Opens it read-only and never blocks, maps,
    /// creates or changes anything.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The description; an unknown or inconsistent file is described too, not thrown for.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read, or the path is a directory.</exception>
    /// <exception cref="IOException">
    /// The path is a FIFO, a socket or a device (the message says which), or it cannot be read.
    /// </exception>
    public static EmmapFileDescription Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        // Read-only and never blocking: on Linux a FIFO, a device, a socket or a directory is refused
        // from the opened descriptor, without waiting for a writer.
        using FileStream stream = FileOpener.OpenExisting(fullPath, FileAccess.Read, refuseLinks: null);
        SafeFileHandle handle = stream.SafeFileHandle;
        long length = RandomAccess.GetLength(handle);
        byte[] prefix = new byte[(int)Math.Min(PrefixLength, length)];
        int read = ReadFully(handle, prefix, 0);
        var description = new EmmapFileDescription(fullPath, length, prefix.AsSpan(0, read).ToArray());
        description.Identify(prefix.AsSpan(0, read));
        description.ReadSchema(handle);
        description.ReadRingHeader(handle);
        return description;
    }

    private LayoutFileHeader.Fields? _layoutHeader;

    /// <summary>A version-2 layout file: reads its current schema slot (again when an upgrade moved the generation meanwhile) and checks it.</summary>
    private void ReadSchema(SafeFileHandle handle)
    {
        if (_layoutHeader is not { Version: LayoutFileHeader.Version } fields)
        {
            return;
        }
        byte[] word = new byte[8];
        byte[] slot = new byte[fields.SlotSize];
        ulong generation = fields.Generation;
        try
        {
            for (int attempt = 0; attempt < 16; attempt++)
            {
                RandomAccess.Read(handle, slot, LayoutSchemaSlots.SlotOffset(fields.SlotSize, generation));
                RandomAccess.Read(handle, word, LayoutFileHeader.GenerationOffset);
                ulong after = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(word);
                if (after == generation)
                {
                    break;
                }
                generation = after;
            }
            LayoutSchemaSlots.Current current = LayoutSchemaSlots.Check(Path, slot, generation);
            long dataEnd = fields.HeaderSize + (long)current.Schema.Size;
            if (Length < dataEnd)
            {
                Problem = $"'{Path}': the file length is {Length} bytes, expected at least {dataEnd} bytes (header and schema slots {fields.HeaderSize} + layout size {current.Schema.Size}, as its schema says).";
                return;
            }
            Schema = current.Schema;
            LayoutSize = current.Schema.Size;
            LayoutHash = current.Hash;
        }
        catch (MappedFormatException e)
        {
            Problem = e.Message;
        }
    }

    /// <summary>A ring file: checks its whole header (longer than <see cref="Prefix"/>), and a broadcast ring's reader table, as <see cref="MappedRing"/> does, whatever its records are.</summary>
    private void ReadRingHeader(SafeFileHandle handle)
    {
        if (Kind != EmmapFileKind.Ring)
        {
            return;
        }
        byte[] header = new byte[(int)Math.Min(RingHeader.Length, Length)];
        int read = ReadFully(handle, header, 0);
        try
        {
            RingHeader.Fields fields = RingHeader.Describe(Path, header.AsSpan(0, read), Length);
            // The positions move: each is read alone, in the order that makes the check exact.
            long head = ReadInt64(handle, RingHeader.HeadOffset);
            long releasing = ReadInt64(handle, RingHeader.ReleasingOffset);
            long tail = ReadInt64(handle, RingHeader.TailOffset);
            long headAgain = ReadInt64(handle, RingHeader.HeadOffset);
            if (!RingHeader.PositionsAreConsistent(head, releasing, tail, headAgain, fields.Capacity))
            {
                throw RingHeader.PositionsException(Path, head, releasing, tail, fields.Capacity);
            }
            if (fields.ReaderSlots > 0)
            {
                CheckReaderTable(handle, fields.ReaderSlots);
            }
            RingCapacity = fields.Capacity;
            LayoutHash = fields.LayoutHash;
            LayoutSize = fields.RecordSize;
            DataOffset = fields.HeaderLength;
        }
        catch (MappedFormatException e)
        {
            Problem = e.Message;
        }
    }

    /// <summary>
    /// A broadcast ring: checks every registered slot of its reader table as <see cref="MappedRing"/>'s
    /// open does (the same check), on a copy read between a head read before and a tail read after.
    /// A slot being removed while it is copied can look torn, so a failure is looked at again a few
    /// times before it is reported.
    /// </summary>
    private unsafe void CheckReaderTable(SafeFileHandle handle, int readers)
    {
        byte[] table = new byte[readers * RingReaderTable.SlotLength];
        for (int attempt = 0; ; attempt++)
        {
            long head = ReadInt64(handle, RingHeader.HeadOffset);
            int read = ReadFully(handle, table, RingHeader.Length);
            long tail = ReadInt64(handle, RingHeader.TailOffset);
            try
            {
                if (read < table.Length)
                {
                    throw new MappedFormatException(Path, "the file length", $"{Length} bytes", $"at least {RingHeader.HeaderLengthOf(readers)} bytes (the header and its reader table)",
                        "The file is truncated; it was left as it is.");
                }
                fixed (byte* at = table)
                {
                    RingReaderTable.Validate(Path, at, readers, &head, &tail);
                }
                return;
            }
            catch (MappedFormatException) when (attempt < 3)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static long ReadInt64(SafeFileHandle handle, long offset)
    {
        Span<byte> word = stackalloc byte[8];
        return ReadFully(handle, word, offset) == 8 ? System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(word) : -1;
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[read..], offset + read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return read;
    }

    private void Identify(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 8 && (header[..8].SequenceEqual(CountersHeader.EmmapMagic) || header[..8].SequenceEqual(CountersHeader.PaddedMagic)))
        {
            bool padded = header[..8].SequenceEqual(CountersHeader.PaddedMagic);
            Kind = EmmapFileKind.Counters;
            FormatName = padded ? "padded-counters" : "emmap-counters";
            FormatVersion = 1;
            try
            {
                CountersLayout layout = CountersHeader.Validate(Path, header, Length, expected: null);
                CountersFormat = layout.Format;
                CounterCount = layout.Count;
                FirstCounterOffset = layout.HeaderLength;
                CounterSpacing = 1 << layout.Shift;
            }
            catch (MappedFormatException e)
            {
                Problem = e.Message;
            }
        }
        else if (header.Length >= 8 && header[..8].SequenceEqual(RingHeader.Magic))
        {
            Kind = EmmapFileKind.Ring;
            FormatName = "ring";
            if (header.Length >= RingHeader.HeaderLengthOffset)
            {
                FormatVersion = (int)Math.Min(int.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[RingHeader.VersionOffset..]));
            }
        }
        else if (header.Length >= 8 && header[..8].SequenceEqual(LayoutFileHeader.Magic))
        {
            Kind = EmmapFileKind.Layout;
            FormatName = "layout";
            if (header.Length >= LayoutFileHeader.HeaderSizeOffset)
            {
                FormatVersion = (int)Math.Min(int.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[LayoutFileHeader.VersionOffset..]));
            }
            try
            {
                LayoutFileHeader.Fields fields = LayoutFileHeader.Read(Path, header, Length);
                DataOffset = fields.HeaderSize;
                LayoutSize = (long)fields.LayoutSize;
                LayoutHash = fields.Hash;
                _layoutHeader = fields;
            }
            catch (MappedFormatException e)
            {
                Problem = e.Message;
            }
        }
    }
}
