using System.Globalization;

namespace Emmap;

/// <summary>
/// A read-only look inside a live ring file (<see cref="MappedRing"/> or <see cref="MappedRing{T}"/>),
/// for tools (the <c>emmap</c> command) and diagnostics: its header, its positions, whether a
/// consumer is attached (or a broadcast ring's readers, their positions, whether each is attached,
/// and its release lock), and what lies between the head and the tail. It never disturbs the ring:
/// the file is opened read-only and mapped read-only, the consumer's and the readers' locks are only
/// tested, and the records are walked with one volatile read of each record's first word.
/// </summary>
/// <remarks>
/// The ring moves while it is looked at: producers claim and commit, the consumer releases. Each
/// <see cref="Read"/> is one pass that reads the positions in the order that makes them consistent,
/// then walks the records from where the consumer's release ends to the tail it read, stopping at
/// anything that is not plausible for that stretch of the ring (a length that does not fit, a record
/// of another lap, a position past that tail) and saying so in <see cref="RingInspection.WalkEnd"/>:
/// when the consumer released the records under the walk, it says the ring moved, not that it is corrupt.
/// </remarks>
public sealed unsafe partial class RingInspector : IDisposable
{
    /// <summary>The most records one <see cref="Read"/> walks (a full 1 GiB ring of empty messages holds 64 million).</summary>
    public const int MaxWalkedRecords = 1_000_000;

    private readonly MappedFile _file;
    private readonly MappedRegion _region;
    private readonly byte* _base;
    private readonly byte* _data;
    private readonly byte* _table;
    private readonly int _mask;
    private readonly int _capacityShift;
    private readonly FileStream? _lockProbe;

    private RingInspector(string path, MappedFile file, RingHeader.Fields fields, FileStream? lockProbe)
    {
        Path = path;
        _file = file;
        _region = file.BindRegion();
        _base = _region.Pointer;
        _table = _base + RingHeader.Length;
        _data = _base + fields.HeaderLength;
        MaxReaders = fields.ReaderSlots;
        DataOffset = fields.HeaderLength;
        Capacity = fields.Capacity;
        LayoutHash = fields.LayoutHash;
        RecordSize = fields.RecordSize;
        MaxMessageLength = RingHeader.MaxMessageLength(fields.Capacity);
        _mask = (int)(fields.Capacity - 1);
        _capacityShift = System.Numerics.BitOperations.Log2((ulong)fields.Capacity);
        _lockProbe = lockProbe;
    }

    /// <summary>
    /// Opens the ring file at <paramref name="path"/> to look inside it: read-only, without blocking
    /// on a FIFO, mapped read-only; whatever its records are (byte messages or any layout).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The inspector; dispose it to unmap the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="MappedFormatException">
    /// The file is not a ring file, or its header is inconsistent: the message names the path, the
    /// field, the value found and the one expected. Nothing is written.
    /// </exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file (as for <see cref="EmmapFileDescription.Read"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static RingInspector Open(string path)
    {
        EmmapFileDescription description = EmmapFileDescription.Read(path);
        if (description.Kind != EmmapFileKind.Ring)
        {
            ReadOnlySpan<byte> prefix = description.Prefix.Span;
            throw new MappedFormatException(description.Path, "the magic",
                prefix.Length >= 8 ? Convert.ToHexString(prefix[..8]) : $"missing (the file is {description.Length} bytes long)",
                $"{Convert.ToHexString(RingHeader.Magic)} (\"EMMAPRNG\")", "It is not an Emmap ring file.");
        }
        if (description.Problem is not null)
        {
            throw new MappedFormatException(description.Problem);
        }
        MappedFile file = MappedFile.Open(description.Path, new MapOptions { Access = MapAccess.Read, FixedSize = true });
        FileStream? lockProbe = null;
        try
        {
            // The mapped header is what the walk trusts: checked again, in case the file was replaced meanwhile.
            Span<byte> header = stackalloc byte[RingHeader.Length];
            int length = (int)Math.Min(RingHeader.Length, file.Length);
            file.ReadAt(0, header[..length]);
            RingHeader.Fields fields = RingHeader.Describe(description.Path, header[..length], file.Length);
            if (Native.IsLinux)
            {
                lockProbe = FileOpener.OpenExisting(description.Path, FileAccess.Read, refuseLinks: null);
            }
            var inspector = new RingInspector(description.Path, file, fields, lockProbe);
            // A broadcast ring's reader table, checked on the mapped bytes as MappedRing's open checks it.
            RingReaderTable.Validate(description.Path, inspector._table, inspector.MaxReaders,
                (long*)(inspector._base + RingHeader.HeadOffset), (long*)(inspector._base + RingHeader.TailOffset));
            return inspector;
        }
        catch
        {
            lockProbe?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The ring file's full path.</summary>
    public string Path { get; }

    /// <summary>The ring's capacity in bytes (its memory follows the header, at <see cref="DataOffset"/>).</summary>
    public long Capacity { get; }

    /// <summary>Where the ring's memory starts in the file: its header length, 256, or for a broadcast ring 256 and 64 bytes per reader slot.</summary>
    public int DataOffset { get; }

    /// <summary>The ring's reader slots: 0 for a single-consumer ring (format version 1), 1 to 64 for a broadcast ring (format version 2).</summary>
    public int MaxReaders { get; }

    /// <summary>Whether the ring is a broadcast ring (named readers, each with its own position), rather than a single-consumer ring.</summary>
    public bool IsBroadcast => MaxReaders > 0;

    /// <summary>The longest message the ring takes: an eighth of <see cref="Capacity"/>, less a 16-byte record header.</summary>
    public int MaxMessageLength { get; }

    /// <summary>The layout hash of a <see cref="MappedRing{T}"/>'s records; 0 for a ring of byte messages.</summary>
    public ulong LayoutHash { get; }

    /// <summary>The size of a <see cref="MappedRing{T}"/>'s records; 0 for a ring of byte messages.</summary>
    public int RecordSize { get; }

    /// <summary>
    /// For a ring of <see cref="MappedRing{T}"/> records, the bytes one record takes in the ring (its
    /// 16-byte header and the record, rounded up to 8), so that a distance between positions converts
    /// to a number of records; 0 for byte messages, whose lengths vary.
    /// </summary>
    public int RecordStride => HoldsBytes ? 0 : RingHeader.Align(RingHeader.RecordHeaderLength + RecordSize);

    /// <summary>Whether the ring holds byte messages (no record layout), rather than <see cref="MappedRing{T}"/> records.</summary>
    public bool HoldsBytes => LayoutHash == 0 && RecordSize == 0;

    /// <summary>
    /// Looks at the ring now, into <paramref name="inspection"/> (reused: what it held is replaced).
    /// Reads only; bounded by <see cref="MaxWalkedRecords"/>.
    /// </summary>
    /// <param name="inspection">Where to put what was seen.</param>
    /// <exception cref="ObjectDisposedException">The inspector is disposed.</exception>
    public void Read(RingInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ObjectDisposedException.ThrowIf(_file.IsDisposed, this);
        inspection.Reset(Capacity, MaxReaders);
        long head = 0, releasing = 0, tail = 0, headAgain = -1;
        // The head read twice around the others: equal means they are one moment's (a few tries while
        // the consumer or the readers are busy). A broadcast ring's readers are read between releasing
        // and the tail: each position only grows and stays from the head to the tail, so they fit too.
        for (int attempt = 0; attempt < 8 && headAgain != head; attempt++)
        {
            head = ReadPosition(RingHeader.HeadOffset);
            releasing = ReadPosition(RingHeader.ReleasingOffset);
            if (IsBroadcast)
            {
                ReadReaders(inspection);
            }
            tail = ReadPosition(RingHeader.TailOffset);
            headAgain = ReadPosition(RingHeader.HeadOffset);
        }
        inspection.Head = head;
        inspection.Releasing = releasing;
        inspection.Tail = tail;
        inspection.HasConsumer = IsBroadcast ? null : ConsumerAttached();
        if (!RingHeader.PositionsAreConsistent(head, releasing, tail, headAgain, Capacity))
        {
            inspection.Stop(RingWalkEnd.Inconsistent, head, RingHeader.PositionsException(Path, head, releasing, tail, Capacity).Message);
            return;
        }
        if (IsBroadcast && !CheckReaders(inspection, head, tail))
        {
            return;
        }
        Walk(inspection, releasing, tail);
        if (IsBroadcast)
        {
            FinishReaders(inspection);
        }
    }

    private long ReadPosition(int offset) => Volatile.Read(ref *(long*)(_base + offset));

    /// <summary>Whether another open file description holds the consumer lock; null when that cannot be asked here.</summary>
    private bool? ConsumerAttached() => LockHeld(MappedRing.ConsumerLockStart);

    /// <summary>Whether another open file description holds the lock on byte <paramref name="start"/> (tested, never taken); null when that cannot be asked here.</summary>
    private bool? LockHeld(long start)
    {
        if (_lockProbe is null)
        {
            return null;
        }
        int errno = Native.TestRange(_lockProbe.SafeFileHandle.DangerousGetHandle(), start, 1, out bool held);
        return errno == 0 ? held : null;
    }

    /// <summary>Counts the records from <paramref name="start"/> (where the release ends) to <paramref name="tail"/>.</summary>
    private void Walk(RingInspection inspection, long start, long tail)
    {
        long position = start;
        int passed = 0; // broadcast: the readers (in position order) whose position the walk has reached
        for (int records = 0; position < tail; records++)
        {
            passed = PassReaders(inspection, passed, position);
            if (records == MaxWalkedRecords)
            {
                inspection.Stop(RingWalkEnd.RecordLimit, position, Text($"the walk stopped at position {position} after {MaxWalkedRecords} records; the rest of the ring was not counted"));
                return;
            }
            int index = (int)position & _mask;
            long* at = (long*)(_data + index);
            long word = Volatile.Read(ref *at); // the length and the kind word, read once
            int length = (int)word;
            if (length == 0)
            {
                if (!StopIfMoved(inspection, position))
                {
                    inspection.Stop(RingWalkEnd.UnstampedClaim, position,
                        Text($"the walk stopped at position {position}: a claim there has no length yet (its producer is stamping it, or died before it did), so the records after it cannot be found"));
                }
                return;
            }
            string? implausible = Check(position, index, tail, length, (int)(word >> 32));
            if (implausible is not null)
            {
                if (!StopIfMoved(inspection, position))
                {
                    inspection.Stop(RingWalkEnd.Inconsistent, position, Text($"the walk stopped at position {position}: {implausible}"));
                }
                return;
            }
            int size = Math.Abs(length);
            bool message = ((int)(word >> 32) & RingHeader.KindMask) == RingHeader.MessageKind;
            if (length > 0 && message)
            {
                if (inspection.Messages.Count < inspection.MessagesToCopy && !TryCopy(inspection, position, at, word, size - RingHeader.RecordHeaderLength))
                {
                    return;
                }
                inspection.PendingMessages++;
                inspection.PendingMessageBytes += size - RingHeader.RecordHeaderLength;
                inspection.PendingRecordBytes += RingHeader.Align(size);
            }
            else if (length > 0)
            {
                inspection.PaddingRecords++;
                inspection.PaddingBytes += RingHeader.Align(size);
            }
            else
            {
                ulong owner = Volatile.Read(ref *(ulong*)((byte*)at + RingHeader.OwnerFieldOffset));
                if (Volatile.Read(ref *at) != word)
                {
                    continue; // committed or aborted meanwhile: look at it again
                }
                inspection.AddClaim(Claim(inspection, position, size - RingHeader.RecordHeaderLength, owner));
            }
            position += RingHeader.Align(size);
        }
        _ = PassReaders(inspection, passed, position);
        inspection.WalkedTo = position;
    }

    /// <summary>Why the record at <paramref name="position"/> cannot be what the walk expects there; null when it is plausible.</summary>
    private string? Check(long position, int index, long tail, int length, int kindWord)
    {
        int kind = kindWord & RingHeader.KindMask;
        uint lap = (uint)(position >> _capacityShift) & 0xFFFFFF;
        if ((uint)kindWord >> 8 != lap)
        {
            return Text($"its record is of lap {(uint)kindWord >> 8}, not of lap {lap} (the ring moved on, or the record is corrupt)");
        }
        if (kind != RingHeader.MessageKind && kind != RingHeader.PaddingKind)
        {
            return Text($"its record's kind is {kind}, neither a message (1) nor padding (2)");
        }
        if (length == int.MinValue || (length < 0 && kind != RingHeader.MessageKind))
        {
            return Text($"its record's length word is {length}, which is no claim");
        }
        int size = Math.Abs(length);
        int minimum = kind == RingHeader.MessageKind ? RingHeader.RecordHeaderLength : RingHeader.RecordAlignment;
        int maximum = kind == RingHeader.MessageKind ? RingHeader.RecordHeaderLength + MaxMessageLength : (int)Capacity - index;
        if (size < minimum || size > maximum)
        {
            return Text($"its record's length is {size} bytes, expected {minimum} to {maximum}");
        }
        if (RingHeader.Align(size) > (int)Capacity - index)
        {
            return Text($"its record of {size} bytes runs past the end of the ring's memory ({(int)Capacity - index} bytes left)");
        }
        if (position + RingHeader.Align(size) > tail)
        {
            return Text($"its record of {size} bytes ends past the tail ({tail})");
        }
        return null;
    }

    /// <summary>Copies the message at <paramref name="position"/>; false (and the walk stopped) when it was released while being copied.</summary>
    private bool TryCopy(RingInspection inspection, long position, long* at, long word, int length)
    {
        byte[] copy = new byte[Math.Min(length, RingInspection.MaxCopiedBytes)];
        new ReadOnlySpan<byte>((byte*)at + RingHeader.RecordHeaderLength, copy.Length).CopyTo(copy);
        Interlocked.MemoryBarrier(); // the copy is read before the checks below
        if (Volatile.Read(ref *at) != word || StopIfMoved(inspection, position))
        {
            if (inspection.WalkEnd == RingWalkEnd.Tail)
            {
                inspection.Stop(RingWalkEnd.Moved, position, Text($"the walk stopped at position {position}: the record changed while it was copied (the ring moved)"));
            }
            return false;
        }
        inspection.AddMessage(new RingPendingMessage(position, length, copy));
        return true;
    }

    private static RingPendingClaim Claim(RingInspection inspection, long position, int length, ulong owner)
    {
        bool? alive = null;
        if (owner != 0 && inspection.Claims.Count < RingInspection.MaxListedClaims)
        {
            alive = ProcessIdentity.Probe(owner) switch
            {
                ProcessIdentity.Liveness.Alive => true,
                ProcessIdentity.Liveness.Dead => false,
                _ => null,
            };
        }
        return new RingPendingClaim(position, length, ProcessIdentity.ProcessIdOf(owner), alive);
    }

    /// <summary>
    /// Whether the consumer's (or a broadcast ring's releasing reader's) release has passed
    /// <paramref name="position"/> (its bytes may be zero or reused): then the walk stops, saying the
    /// ring moved. Releasing is written before the bytes are zeroed.
    /// </summary>
    private bool StopIfMoved(RingInspection inspection, long position)
    {
        Interlocked.MemoryBarrier();
        long releasing = ReadPosition(RingHeader.ReleasingOffset);
        if (releasing <= position)
        {
            return false;
        }
        inspection.Stop(RingWalkEnd.Moved, position,
            Text($"the walk stopped at position {position}: the consumer released the records up to {releasing} meanwhile (the ring moved)"));
        return true;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Unmaps the file and closes it. Idempotent.</summary>
    public void Dispose()
    {
        _file.Dispose();
        _lockProbe?.Dispose();
    }
}
