namespace Emmap;

/// <summary>Called by <see cref="MappedRing{T}.Read"/> for each record, in order.</summary>
/// <typeparam name="T">The record's layout.</typeparam>
/// <param name="record">A view of the record in the ring: valid only during the call.</param>
/// <param name="position">The record's ring position: increasing, unique for the ring's life.</param>
public delegate void RingRecordHandler<T>(T record, long position) where T : struct, IMappedLayout<T>;

/// <summary>
/// A <see cref="MappedRing"/> of <typeparamref name="T"/> records: each message is one record,
/// written in place through its generated view (claim, set the fields, commit) and read in place.
/// The file records the layout's hash and size, so a ring of another type is refused naming both.
/// Everything else (delivery, dead producers, waiting, durability) is as for <see cref="MappedRing"/>.
/// </summary>
/// <typeparam name="T">The record's layout, a <see cref="MappedLayoutAttribute"/> struct with an alignment of at most 8.</typeparam>
/// <example>
/// <code>
/// using var ring = MappedRing&lt;JobDone&gt;.Open("/run/jobs/ring");
/// if (ring.TryClaim(out RingClaim&lt;JobDone&gt; claim))
/// {
///     JobDone done = claim.Record;
///     done.JobId = 42;
///     claim.Commit();
/// }
/// </code>
/// </example>
public sealed class MappedRing<T> : IDisposable where T : struct, IMappedLayout<T>
{
    private readonly MappedRing _ring;
    private readonly int _size;

    private MappedRing(MappedRing ring)
    {
        _ring = ring;
        _size = T.Size;
    }

    /// <summary>
    /// Opens the ring file at <paramref name="path"/>, creating an empty one when there is none, as
    /// <see cref="MappedRing.Open"/> does.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to open it; <see langword="null"/> for the defaults.</param>
    /// <returns>The open ring.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has an alignment over 8 or a negative size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or a record does not fit the capacity.</exception>
    /// <exception cref="LayoutMismatchException">The file holds records of another layout (or byte messages): the message names both hashes and sizes.</exception>
    /// <exception cref="MappedFormatException">The file is not a ring file, has another version or capacity, is truncated or corrupt; it is left unchanged.</exception>
    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static MappedRing<T> Open(string path, MappedRingOptions? options = null)
    {
        CheckLayout();
        return new MappedRing<T>(MappedRing.OpenCore(path, options, typeof(T).Name, T.LayoutHash, T.Size));
    }

    /// <summary>Creates a ring of records in anonymous shared memory, for threads of this process.</summary>
    /// <param name="options">The capacity; <see langword="null"/> for the defaults.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has an alignment over 8 or a negative size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or a record does not fit the capacity.</exception>
    public static MappedRing<T> CreateAnonymous(MappedRingOptions? options = null)
    {
        CheckLayout();
        return new MappedRing<T>(MappedRing.CreateAnonymousCore(options, T.LayoutHash, T.Size));
    }

    private static void CheckLayout()
    {
        if (T.Alignment > RingHeader.RecordAlignment || T.Size < 0)
        {
            throw new ArgumentException(
                $"The layout {typeof(T).Name} (size {T.Size}, alignment {T.Alignment}) cannot be a ring record: records are 8-byte aligned, so a layout's alignment must be at most 8 and its size 0 or more.", nameof(T));
        }
    }

    /// <summary>The ring underneath, for what is not typed: positions, <see cref="MappedRing.WaitForMessages"/>, <see cref="MappedRing.Flush"/>.</summary>
    public MappedRing Ring => _ring;

    /// <summary>
    /// Claims a zeroed record to fill through <see cref="RingClaim{T}.Record"/>, or returns
    /// <see langword="false"/> at once when the ring is full. Commit or abort it soon.
    /// </summary>
    /// <param name="claim">The claimed record.</param>
    /// <returns>Whether a record was claimed.</returns>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public bool TryClaim(out RingClaim<T> claim)
    {
        bool claimed = _ring.TryClaimCore(_size, out long position);
        claim = claimed ? new RingClaim<T>(_ring, position) : default;
        return claimed;
    }

    /// <summary>As <see cref="TryClaim(out RingClaim{T})"/>, waiting up to <paramref name="timeout"/> for room.</summary>
    /// <param name="timeout">How long to wait for room; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <param name="claim">The claimed record.</param>
    /// <returns>Whether a record was claimed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool TryClaim(TimeSpan timeout, CancellationToken cancellationToken, out RingClaim<T> claim)
    {
        bool claimed = _ring.TryClaim(_size, timeout, cancellationToken, out RingClaim bytes);
        claim = claimed ? new RingClaim<T>(_ring, bytes.Position) : default;
        return claimed;
    }

    /// <summary>
    /// Hands every record available now (up to <paramref name="limit"/>) to <paramref name="handler"/>,
    /// in order, then releases them and persists the read position, as <see cref="MappedRing.Read"/> does.
    /// </summary>
    /// <param name="handler">Called for each record; the view is valid only during the call.</param>
    /// <param name="limit">The most records to hand over; at least 1.</param>
    /// <returns>The number of records handed over.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Another instance is the ring's consumer, a call of this one is in progress, or the ring is a broadcast ring (read through <see cref="OpenReader"/>).</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public int Read(RingRecordHandler<T> handler, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var visitor = new RingRecordVisitor<T>(_ring, handler);
        return _ring.ReadCore(ref visitor, limit);
    }

    /// <summary>Waits until a record can be read, as <see cref="MappedRing.WaitForMessages"/> does.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether something can be read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForMessages(TimeSpan timeout, CancellationToken cancellationToken = default) => _ring.WaitForMessages(timeout, cancellationToken);

    /// <summary>Waits until a record can be read without blocking a thread, as <see cref="MappedRing.WaitForMessagesAsync"/> does.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether something can be read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public ValueTask<bool> WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _ring.WaitForMessagesAsync(timeout, cancellationToken);

    /// <summary>
    /// Opens the reader <paramref name="name"/> of a broadcast ring of records, registering it when
    /// it is new, as <see cref="MappedRing.OpenReader"/> does.
    /// </summary>
    /// <param name="name">The reader's name: 1 to 47 bytes of UTF-8, compared ordinally.</param>
    /// <returns>The reader; dispose it to let another instance open the name.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> cannot be a reader name.</exception>
    /// <exception cref="InvalidOperationException">The ring is a single-consumer ring, an instance of the reader is open, or every reader slot is taken.</exception>
    /// <exception cref="PlatformNotSupportedException">A file ring on a system other than Linux.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public RingReader<T> OpenReader(string name) => new(_ring.OpenReader(name));

    /// <summary>Unmaps and closes the ring; its records stay in the file. Idempotent.</summary>
    public void Dispose() => _ring.Dispose();
}

/// <summary>Hands a ring record to a <see cref="RingRecordHandler{T}"/> as a view of <typeparamref name="T"/>: the typed rings' and readers' visitor.</summary>
internal readonly unsafe struct RingRecordVisitor<T>(MappedRing ring, RingRecordHandler<T> handler) : MappedRing.IRingVisitor
    where T : struct, IMappedLayout<T>
{
    public void Visit(long position, byte* payload, int length) => handler(T.FromView(ring.ViewAt(position)), position);
}

/// <summary>
/// A record claimed in a <see cref="MappedRing{T}"/>: set its fields through <see cref="Record"/>,
/// then <see cref="Commit"/> or <see cref="Abort"/>, as for <see cref="RingClaim"/>.
/// </summary>
/// <typeparam name="T">The record's layout.</typeparam>
public readonly struct RingClaim<T> where T : struct, IMappedLayout<T>
{
    private readonly MappedRing? _ring;
    private readonly long _position;

    internal RingClaim(MappedRing ring, long position)
    {
        _ring = ring;
        _position = position;
    }

    /// <summary>The record's view, in the ring: every field is zero when claimed.</summary>
    /// <exception cref="InvalidOperationException">This is a default claim.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public T Record => T.FromView(Ring.ViewAt(_position));

    /// <summary>The record's ring position: what the consumer's handler receives with it.</summary>
    public long Position => _position;

    /// <summary>Publishes the record to the consumer (and wakes it if it sleeps).</summary>
    /// <exception cref="InvalidOperationException">Already committed or aborted, skipped as abandoned, or a default claim.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Commit() => Ring.Commit(_position, RingHeader.RecordHeaderLength + T.Size);

    /// <summary>Gives the record up: the consumer skips it.</summary>
    /// <exception cref="InvalidOperationException">Already committed or aborted, skipped as abandoned, or a default claim.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Abort() => Ring.Abort(_position, RingHeader.RecordHeaderLength + T.Size);

    private MappedRing Ring => _ring ?? throw new InvalidOperationException($"This RingClaim<{typeof(T).Name}> is default: claims come from MappedRing<T>.TryClaim.");
}
