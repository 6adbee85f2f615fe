using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A ring of messages in a file, for many producers in any processes and one consumer: producers
/// claim a slot, fill it in place and commit it (or abort it); the consumer reads committed messages
/// in order, in batches, and waits for more without polling. Committed messages that have not been
/// consumed, and the consumer's position, survive the restart of every process. A producer killed
/// between claim and commit never blocks the ring. See <c>docs/architecture.md</c>, "The ring".
/// </summary>
/// <remarks>
/// <para><b>Producing.</b> <see cref="TryWrite(ReadOnlySpan{byte})"/> copies a message in and fails
/// fast when the ring is full; <see cref="Write(ReadOnlySpan{byte}, CancellationToken)"/> waits for
/// room. <see cref="TryClaim(int, out RingClaim)"/> hands out the slot itself (zeroed) to fill, then
/// <see cref="RingClaim.Commit"/> or <see cref="RingClaim.Abort"/>. Producing is thread-safe.</para>
/// <para><b>Consuming.</b> <see cref="Read"/> hands every available message to a callback, then
/// releases their space and persists the new <see cref="ReadPosition"/>;
/// <see cref="WaitForMessages"/> sleeps until there is one. One consumer at a time: the first
/// instance to read takes the ring's consumer lock (a byte-range lock the kernel drops when its
/// process dies), and another instance, in any process, that tries to read is refused. Calls of one
/// consumer must not overlap.</para>
/// <para><b>Delivery.</b> At least once: every committed message is delivered, in the order its
/// claim was made. A message is delivered again only after the consumer stopped (killed, or its
/// callback threw) before the <see cref="Read"/> that delivered it returned: the next consumer
/// starts at the persisted <see cref="ReadPosition"/>, and no message before it is ever delivered
/// again. For exactly-once processing, store the position passed to the callback with the effect
/// of the message, atomically, and skip positions below the stored one (see <c>docs/reliability.md</c>).</para>
/// <para><b>Dead producers.</b> Each claim carries its producer's identity (process id and start
/// time). When the consumer, or a producer waiting for room, finds the oldest claim uncommitted,
/// it asks whether that producer still runs: a dead one's claim is skipped at once, a live one's is
/// waited for, and only when the answer is unknown is the claim skipped after
/// <see cref="MappedRingOptions.AbandonedClaimTimeout"/>.</para>
/// <para><b>Durability.</b> A commit is in the shared page cache when it returns, so it survives the
/// death of any process; <see cref="Flush"/> puts the ring on disk against a machine crash.</para>
/// <para><b>Broadcast.</b> A ring created with <see cref="MappedRingOptions.MaxReaders"/> has named
/// readers instead of one consumer (<see cref="OpenReader"/>): each sees every message from its own
/// persisted position, with the consumer's delivery guarantee, and producers wait for the slowest
/// registered reader. Such a ring is not read through <see cref="Read"/>.</para>
/// </remarks>
public sealed unsafe partial class MappedRing : IDisposable
{
    /// <summary>The byte the consumer locks (an OFD lock, far past the file's end); a tool tests it to tell whether a consumer is attached.</summary>
    internal const long ConsumerLockStart = 1L << 62;

    private readonly MappedFile _file;
    private readonly MappedRegion _region;
    private readonly byte* _base;
    private readonly byte* _data;
    private readonly long _capacity;
    private readonly int _mask;
    private readonly int _capacityShift;
    private readonly int _maxMessageLength;
    private readonly ulong _seed;
    private readonly long _abandonedTicks;
    private readonly string? _path;
    private readonly bool _refuseSymlinks;
    private readonly bool _created;
    private readonly byte* _table;
    private readonly int _readerSlots;
    private readonly object _gate = new();

    private MappedRing(MappedFile file, long capacity, int readers, MappedRingOptions options, bool created)
    {
        _file = file;
        _region = file.BindRegion();
        _base = _region.Pointer;
        _table = _base + RingHeader.Length;
        _readerSlots = readers;
        _data = _base + RingHeader.HeaderLengthOf(readers);
        _capacity = capacity;
        _mask = (int)(capacity - 1);
        _capacityShift = System.Numerics.BitOperations.Log2((ulong)capacity);
        _maxMessageLength = RingHeader.MaxMessageLength(capacity);
        _seed = _region.WaitSeed;
        _abandonedTicks = (long)(options.AbandonedClaimTimeout.TotalSeconds * Stopwatch.Frequency);
        _path = file.Path;
        _refuseSymlinks = options.RefuseSymlinks;
        _created = created;
    }

    /// <summary>
    /// Opens the ring file at <paramref name="path"/>, creating an empty one of
    /// <see cref="MappedRingOptions.Capacity"/> when there is none (a new file appears complete or
    /// not at all). An existing file's header is checked before it is mapped.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to open it; <see langword="null"/> for the defaults (1 MiB).</param>
    /// <returns>The open ring.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it); nothing is touched.</exception>
    /// <exception cref="LayoutMismatchException">The file is a ring of <see cref="MappedRing{T}"/> records, not of byte messages.</exception>
    /// <exception cref="MappedFormatException">
    /// The file is not a ring file, has another format version or capacity, is truncated, or its
    /// header is corrupt. The message names the path, the value found and the one expected; the file is left unchanged.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static MappedRing Open(string path, MappedRingOptions? options = null) => OpenCore(path, options, "byte messages", 0, 0);

    /// <summary>
    /// Creates a ring in anonymous shared memory: no file, for producers and a consumer on threads of
    /// this process. Same protocol and costs as a file ring; gone when disposed.
    /// </summary>
    /// <param name="options">The capacity (the other options apply as for a file); <see langword="null"/> for the defaults.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static MappedRing CreateAnonymous(MappedRingOptions? options = null) => CreateAnonymousCore(options, 0, 0);

    internal static MappedRing OpenCore(string path, MappedRingOptions? options, string recordName, ulong layoutHash, int recordSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= MappedRingOptions.Default;
        options.Validate();
        long createCapacity = options.CreateCapacity;
        int createReaders = options.CreateReaders;
        CheckRecordSize(recordName, recordSize, createCapacity);
        long expected = options.Capacity ?? 0; // 0: any capacity the file has
        int expectedReaders = options.MaxReaders ?? -1; // -1: any reader slots the file has
        (long Capacity, int Readers) found = default;
        (MappedFile file, bool created) = PublishedFile.OpenOrCreate(path, RingHeader.HeaderLengthOf(createReaders) + createCapacity, options.CreateMode, RingHeader.Length,
            f => Initialize(f, createCapacity, layoutHash, recordSize, createReaders),
            (p, header, length) => found = RingHeader.Validate(p, header, length, expected, recordName, layoutHash, recordSize, expectedReaders),
            new MapOptions { RefuseSymlinks = options.RefuseSymlinks });
        try
        {
            // The header, capacity and reader slots included, never changes once published, so the validated values hold.
            var ring = created
                ? new MappedRing(file, createCapacity, createReaders, options, created)
                : new MappedRing(file, found.Capacity, found.Readers, options, created);
            ring.ValidatePositions();
            RingReaderTable.Validate(file.Path ?? path, ring._table, ring._readerSlots, (long*)(ring._base + RingHeader.HeadOffset), (long*)(ring._base + RingHeader.TailOffset));
            return ring;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal static MappedRing CreateAnonymousCore(MappedRingOptions? options, ulong layoutHash, int recordSize)
    {
        options ??= MappedRingOptions.Default;
        options.Validate();
        long capacity = options.CreateCapacity;
        int readers = options.CreateReaders;
        CheckRecordSize("byte messages", recordSize, capacity);
        MappedFile file = MappedFile.CreateAnonymous(RingHeader.HeaderLengthOf(readers) + capacity);
        Initialize(file, capacity, layoutHash, recordSize, readers);
        return new MappedRing(file, capacity, readers, options, created: true);
    }

    private static void Initialize(MappedFile file, long capacity, ulong layoutHash, int recordSize, int readers)
    {
        Span<byte> header = stackalloc byte[RingHeader.Length];
        RingHeader.Write(header, capacity, layoutHash, recordSize, readers);
        file.WriteAt(0, header);
    }

    private static void CheckRecordSize(string recordName, int recordSize, long capacity)
    {
        if (recordSize < 0 || recordSize > RingHeader.MaxMessageLength(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"A {recordName} record of {recordSize} bytes does not fit a ring of {capacity} bytes, which takes messages of at most {RingHeader.MaxMessageLength(capacity)} bytes (an eighth of the capacity, less a 16-byte record header): choose a larger MappedRingOptions.Capacity.");
        }
    }

    /// <summary>The full path of the ring file; <see langword="null"/> for an anonymous ring.</summary>
    public string? Path
    {
        get
        {
            Check();
            return _path;
        }
    }

    /// <summary>Whether this call created the ring (always for an anonymous one).</summary>
    public bool Created
    {
        get
        {
            Check();
            return _created;
        }
    }

    /// <summary>The bytes of messages the ring holds, record headers and alignment included: a power of two.</summary>
    public long Capacity
    {
        get
        {
            Check();
            return _capacity;
        }
    }

    /// <summary>The longest message the ring takes: an eighth of <see cref="Capacity"/>, less a 16-byte record header.</summary>
    public int MaxMessageLength
    {
        get
        {
            Check();
            return _maxMessageLength;
        }
    }

    /// <summary>
    /// The consumer's persisted position: the ring position (a byte count since the ring was created)
    /// of the first message not yet released by a <see cref="Read"/>. A new consumer starts here. In a
    /// broadcast ring, the oldest message the ring holds: the slowest registered reader's position
    /// once released, where a new reader starts.
    /// </summary>
    public long ReadPosition
    {
        get
        {
            Check();
            return HeadNow;
        }
    }

    /// <summary>The ring position after the last claimed message: <see cref="ReadPosition"/> when the ring is empty.</summary>
    public long WritePosition
    {
        get
        {
            Check();
            return Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset));
        }
    }

    /// <summary>Claims by dead (or, after the timeout, unanswering) producers that this instance skipped.</summary>
    public long SkippedClaims
    {
        get
        {
            Check();
            return Volatile.Read(ref _skippedClaims);
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has run. The one member that does not throw afterwards.</summary>
    public bool IsDisposed => _file.IsDisposed;

    /// <summary>Writes the ring to disk and waits until it is there (<c>msync</c>). Not needed for other processes to see it.</summary>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Flush()
    {
        Check();
        _file.Flush();
    }

    /// <summary>
    /// Unmaps and closes the ring (dropping the consumer lock if this instance held it); its messages
    /// stay in the file. Idempotent; every other member throws <see cref="ObjectDisposedException"/> afterwards.
    /// </summary>
    public void Dispose()
    {
        DisposeReaders();
        lock (_gate)
        {
            _file.Dispose();
            if (_consumerLock is { } consumerLock)
            {
                // Unlock before closing: closing drops an OFD lock only with the last descriptor of its
                // open file description, and a child another thread is forking holds a copy until it execs.
                _ = Native.UnlockRange(consumerLock.SafeFileHandle.DangerousGetHandle(), ConsumerLockStart, 1);
                consumerLock.Dispose();
                _consumerLock = null;
            }
        }
    }

    /// <summary>Checks the positions once mapped (they move, so they are read in an order that holds for a valid ring).</summary>
    private void ValidatePositions()
    {
        long head = HeadNow;
        long releasing = Volatile.Read(ref *(long*)(_base + RingHeader.ReleasingOffset));
        long tail = Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset));
        long headAgain = HeadNow;
        if (!RingHeader.PositionsAreConsistent(head, releasing, tail, headAgain, _capacity))
        {
            throw RingHeader.PositionsException(_path ?? "(anonymous)", head, releasing, tail, _capacity);
        }
    }

    /// <summary>The path, or "(anonymous)", for messages.</summary>
    internal string PathOrAnonymous => _path ?? "(anonymous)";

    /// <summary>The head as it is now: the first byte not yet released.</summary>
    internal long HeadNow => Volatile.Read(ref *(long*)(_base + RingHeader.HeadOffset));

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the ring is disposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check()
    {
        if (!ReferenceEquals(_region.Self, _region))
        {
            ThrowDisposed();
        }
    }

    [StackTraceHidden]
    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(MappedRing), "The ring has been disposed.");
}
