using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace Emmap;

/// <summary>
/// The 256-byte header of a ring file and the framing of its records (<c>docs/file-formats.md</c>,
/// "Ring files"). Little-endian. The fixed part (magic to record size) is written once, when the
/// file is created; the positions each sit alone on a cache line, so producers claiming (tail) and
/// the consumer releasing (head) do not slow each other down. A broadcast ring (format version 2)
/// has its reader table after these 256 bytes (<see cref="RingReaderTable"/>), and its records after that.
/// </summary>
internal static class RingHeader
{
    /// <summary>The header's length, and the offset of the ring's first data byte.</summary>
    internal const int Length = 256;

    /// <summary>The format version of a single-consumer ring: a 256-byte header, then the records.</summary>
    internal const uint Version = 1;

    /// <summary>The format version of a broadcast ring: the 256-byte header, the reader table, then the records.</summary>
    internal const uint BroadcastVersion = 2;

    /// <summary>The bytes before the records of a ring with <paramref name="readers"/> reader slots (0: a single-consumer ring).</summary>
    internal static int HeaderLengthOf(int readers) => Length + (readers * RingReaderTable.SlotLength);

    /// <summary>The magic, <c>EMMAPRNG</c> in ASCII.</summary>
    internal static ReadOnlySpan<byte> Magic => "EMMAPRNG"u8;

    internal const int MagicOffset = 0;
    internal const int VersionOffset = 8;
    internal const int HeaderLengthOffset = 12;
    internal const int CapacityOffset = 16;
    internal const int LayoutHashOffset = 24;
    internal const int RecordSizeOffset = 32;

    /// <summary>The position after the last claimed byte: producers advance it with a compare-and-exchange.</summary>
    internal const int TailOffset = 64;

    /// <summary>The position of the first byte not yet consumed: the consumer's persisted position.</summary>
    internal const int HeadOffset = 128;

    /// <summary>Where the consumer's release of a batch ends: set before the batch is zeroed, so a release cut short is finished on the next open.</summary>
    internal const int ReleasingOffset = 136;

    /// <summary>
    /// Broadcast rings: the release lock, u64: 0 in the low 32 bits when free, else the holder's id
    /// plus 1 (a reader slot, or <c>0xFFFF</c> for a registration); a generation in the high 32 bits,
    /// counting acquisitions. On the head's line: its holder writes the head.
    /// </summary>
    internal const int ReleaseLockOffset = 144;

    /// <summary>A copy of the head that producers keep to avoid reading the consumer's line on every claim (a hint, never trusted alone).</summary>
    internal const int HeadCacheOffset = 192;

    /// <summary>The smallest capacity: room for records of up to 16 bytes of payload.</summary>
    internal const long MinCapacity = 256;

    /// <summary>The largest capacity, 1 GiB: indices into the ring are 32-bit.</summary>
    internal const long MaxCapacity = 1L << 30;

    /// <summary>The bytes before a record's payload: length (int32), kind (int32), owner (uint64).</summary>
    internal const int RecordHeaderLength = 16;

    /// <summary>Records start on 8-byte boundaries.</summary>
    internal const int RecordAlignment = 8;

    internal const int LengthFieldOffset = 0;
    internal const int KindFieldOffset = 4;
    internal const int OwnerFieldOffset = 8;

    /// <summary>The low 8 bits of the kind word: the kind code. The high 24 bits hold the record's lap.</summary>
    internal const int KindMask = 0xFF;

    /// <summary>
    /// The kind word of a record at <paramref name="position"/>: the kind code, and above it the low
    /// 24 bits of the lap (<c>position / capacity</c>), so that a compare-and-exchange that expects a
    /// record of one lap never matches one claimed at the same place a lap later.
    /// </summary>
    internal static int KindWord(int code, long position, int capacityShift) => code | (int)((uint)(position >> capacityShift) << 8);

    /// <summary>The kind of a record that holds a message.</summary>
    internal const int MessageKind = 1;

    /// <summary>The kind of a record that holds nothing: the end of the ring before a wrap, an aborted claim, or a dead producer's claim.</summary>
    internal const int PaddingKind = 2;

    /// <summary>The largest payload a ring of <paramref name="capacity"/> bytes takes: an eighth of it, less the record header.</summary>
    internal static int MaxMessageLength(long capacity) => (int)(capacity / 8) - RecordHeaderLength;

    /// <summary><paramref name="length"/> rounded up to <see cref="RecordAlignment"/>.</summary>
    internal static int Align(int length) => (length + RecordAlignment - 1) & ~(RecordAlignment - 1);

    /// <summary>Whether <paramref name="capacity"/> is one a ring can have: a power of two from <see cref="MinCapacity"/> to <see cref="MaxCapacity"/>.</summary>
    private static bool IsValidCapacity(long capacity) =>
        capacity >= MinCapacity && capacity <= MaxCapacity && BitOperations.IsPow2(capacity);

    /// <summary>Checks a capacity for a new ring (an option): a power of two from <see cref="MinCapacity"/> to <see cref="MaxCapacity"/>.</summary>
    internal static void CheckCapacity(long capacity, string paramName)
    {
        if (!IsValidCapacity(capacity))
        {
            throw new ArgumentOutOfRangeException(paramName, capacity,
                $"Ring capacity {capacity} is not valid: it must be a power of two from {MinCapacity} to {MaxCapacity} bytes.");
        }
    }

    /// <summary>
    /// The fixed part of a ring file's header, as <see cref="Describe"/> found it: <paramref name="ReaderSlots"/>
    /// is 0 for a single-consumer ring (version 1), 1 to 64 for a broadcast ring (version 2).
    /// </summary>
    internal readonly record struct Fields(long Capacity, ulong LayoutHash, int RecordSize, int ReaderSlots)
    {
        /// <summary>The bytes before the records: the header and the reader table, if any.</summary>
        internal int HeaderLength => HeaderLengthOf(ReaderSlots);
    }

    /// <summary>
    /// Checks the fixed part of a ring file's header as <see cref="Validate"/> does, whatever records
    /// the file holds and whatever its reader slots (for a reader that only looks: a tool), and that
    /// its record size fits its capacity; throws <see cref="MappedFormatException"/> naming the field,
    /// the value and the limit.
    /// </summary>
    internal static Fields Describe(string path, ReadOnlySpan<byte> header, long fileLength)
    {
        ulong layoutHash = header.Length >= Length ? BinaryPrimitives.ReadUInt64LittleEndian(header[LayoutHashOffset..]) : 0;
        int recordSize = header.Length >= Length ? BinaryPrimitives.ReadInt32LittleEndian(header[RecordSizeOffset..]) : 0;
        (long capacity, int readers) = Validate(path, header, fileLength, 0, "its own records", layoutHash, recordSize, -1);
        if (recordSize < 0 || recordSize > MaxMessageLength(capacity))
        {
            throw new MappedFormatException(path, "the record size", recordSize.ToString(CultureInfo.InvariantCulture),
                $"0 to {MaxMessageLength(capacity)} bytes (the longest message of a {capacity}-byte ring)", "The ring's header is corrupt; it was left as it is.");
        }
        return new Fields(capacity, layoutHash, recordSize, readers);
    }

    /// <summary>
    /// Whether positions read from a live ring in the order head, releasing, tail, head again hold
    /// for a valid ring: multiples of 8 with <c>0 &lt;= head &lt;= releasing &lt;= tail &lt;= head + capacity</c>.
    /// That order makes the check exact while the ring moves (head and releasing only grow, and
    /// releasing never passes tail); the second head bounds the tail, which may have moved on.
    /// </summary>
    internal static bool PositionsAreConsistent(long head, long releasing, long tail, long headAgain, long capacity) =>
        ((head | releasing | tail) & (RecordAlignment - 1)) == 0 && head >= 0 && releasing >= head && tail >= releasing && tail - headAgain <= capacity;

    /// <summary>The failure for positions that <see cref="PositionsAreConsistent"/> refused.</summary>
    internal static MappedFormatException PositionsException(string path, long head, long releasing, long tail, long capacity) =>
        new(path, "the ring positions",
            string.Create(CultureInfo.InvariantCulture, $"(head {head}, releasing {releasing}, tail {tail})"),
            $"multiples of 8 with 0 <= head <= releasing <= tail <= head + capacity ({capacity})",
            "The ring's header is corrupt; it was left as it is.");

    /// <summary>Writes the header of a new, empty ring (its reader table, if any, is the file's zeros: every slot free).</summary>
    internal static void Write(Span<byte> header, long capacity, ulong layoutHash, int recordSize, int readers)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], readers == 0 ? Version : BroadcastVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderLengthOffset..], (uint)HeaderLengthOf(readers));
        BinaryPrimitives.WriteInt64LittleEndian(header[CapacityOffset..], capacity);
        BinaryPrimitives.WriteUInt64LittleEndian(header[LayoutHashOffset..], layoutHash);
        BinaryPrimitives.WriteInt32LittleEndian(header[RecordSizeOffset..], recordSize);
    }

    /// <summary>
    /// Checks the fixed part of a ring file's header against what the caller opens it as; throws
    /// <see cref="MappedFormatException"/> (or <see cref="LayoutMismatchException"/> for another
    /// record type) naming the value found and the one expected. Reads only, so a file that fails is
    /// left as it is. Returns the file's capacity and reader slots.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="header">Its first bytes (fewer than <see cref="Length"/> when it is shorter).</param>
    /// <param name="fileLength">Its length.</param>
    /// <param name="capacity">The capacity the caller asked for, or 0 to accept the file's.</param>
    /// <param name="recordName">What the caller's records are, for messages (<c>byte messages</c> or the layout's name).</param>
    /// <param name="layoutHash">The layout hash the caller expects (0 for byte messages).</param>
    /// <param name="recordSize">The record size the caller expects (0 for byte messages).</param>
    /// <param name="readers">The reader slots the caller asked for, or -1 to accept the file's.</param>
    internal static (long Capacity, int Readers) Validate(string path, ReadOnlySpan<byte> header, long fileLength, long capacity, string recordName, ulong layoutHash, int recordSize, int readers)
    {
        const string NotARing = "It is not an Emmap ring file, or its header is corrupt; it was left as it is.";
        if (header.Length < Length)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"at least {Length} bytes (a ring header)", NotARing);
        }
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new MappedFormatException(path, "the magic", Convert.ToHexString(header[..8]), $"{Convert.ToHexString(Magic)} (\"EMMAPRNG\")", NotARing);
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[VersionOffset..]);
        if (version != Version && version != BroadcastVersion)
        {
            throw new MappedFormatException(path, "the ring format version", version.ToString(CultureInfo.InvariantCulture), $"{Version} or {BroadcastVersion}",
                "It was written by another version of Emmap; it was left as it is.");
        }
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderLengthOffset..]);
        long tableLength = (long)headerLength - Length;
        int foundReaders = (int)(tableLength / RingReaderTable.SlotLength);
        if (version == Version ? headerLength != Length
            : tableLength % RingReaderTable.SlotLength != 0 || foundReaders < 1 || foundReaders > MappedRingOptions.MaxReaderSlots)
        {
            throw new MappedFormatException(path, "the header length", headerLength.ToString(CultureInfo.InvariantCulture),
                version == Version
                    ? $"{Length} (format version {Version})"
                    : $"{Length} + {RingReaderTable.SlotLength} x reader slots, 1 to {MappedRingOptions.MaxReaderSlots} slots (format version {BroadcastVersion}): {HeaderLengthOf(1)} to {HeaderLengthOf(MappedRingOptions.MaxReaderSlots)}",
                NotARing);
        }
        if (version == Version)
        {
            foundReaders = 0;
        }
        long found = BinaryPrimitives.ReadInt64LittleEndian(header[CapacityOffset..]);
        if (!IsValidCapacity(found))
        {
            throw new MappedFormatException(path, "the ring capacity", found.ToString(CultureInfo.InvariantCulture),
                $"a power of two from {MinCapacity} to {MaxCapacity}", NotARing);
        }
        if (fileLength < headerLength + found)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"{headerLength + found} bytes (a {headerLength}-byte header and a {found}-byte ring)",
                "The file is truncated; it was left as it is.");
        }
        ulong foundHash = BinaryPrimitives.ReadUInt64LittleEndian(header[LayoutHashOffset..]);
        int foundSize = BinaryPrimitives.ReadInt32LittleEndian(header[RecordSizeOffset..]);
        if (foundHash != layoutHash || foundSize != recordSize)
        {
            throw new LayoutMismatchException(path, recordName, layoutHash, recordSize, foundHash, foundSize);
        }
        if (capacity != 0 && capacity != found)
        {
            throw new MappedFormatException(path, "the ring capacity", $"{found} bytes", $"{capacity} bytes (MappedRingOptions.Capacity)",
                "A ring's capacity is fixed when it is created: open it with its capacity, or delete the file to start afresh. The file was left unchanged.");
        }
        if (readers >= 0 && readers != foundReaders)
        {
            throw new MappedFormatException(path, "the ring's reader slots", foundReaders == 0 ? "0 (a single-consumer ring)" : foundReaders.ToString(CultureInfo.InvariantCulture),
                $"{readers} (MappedRingOptions.MaxReaders)",
                "A ring's reader slots are fixed when it is created: open it with MaxReaders null to take the file's, or delete the file to start afresh. The file was left unchanged.");
        }
        return (found, foundReaders);
    }
}
