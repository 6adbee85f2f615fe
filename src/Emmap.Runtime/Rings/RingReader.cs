namespace Emmap;

/// <summary>
/// One named reader of a broadcast <see cref="MappedRing"/> (<see cref="MappedRing.OpenReader"/>):
/// it sees every message, in order, from its own persisted <see cref="Position"/>, whatever the
/// ring's other readers do. Reading is as the single consumer's (<see cref="MappedRing.Read"/>):
/// batches handed over in place, then the position persisted; waits that sleep until a commit.
/// </summary>
/// <remarks>
/// <para><b>Delivery.</b> At least once, as for the consumer: a message is delivered again only
/// after the reader stopped (killed, or its handler threw) before the <see cref="Read"/> that
/// delivered it returned; the reader opened next under the same name starts at the persisted
/// <see cref="Position"/>, and nothing before it is delivered again.</para>
/// <para><b>Holding producers back.</b> A message is released (its space given to producers) only
/// when every registered reader has read it, by the reader that was the slowest. While this reader
/// is registered and does not read, producers wait (or fail fast) once the ring is full: remove a
/// reader that is gone for good with <see cref="MappedRing.RemoveReader"/>.</para>
/// <para>One instance per reader name at a time, in any process; calls of one instance must not overlap.</para>
/// </remarks>
public sealed unsafe class RingReader : IDisposable
{
    private readonly MappedRing _ring;
    private readonly FileStream? _lock;
    private readonly int _slot;
    private readonly long* _cursorAt;
    private long _cursor;
    private int _disposed;
    private int _releasing;

    internal RingReader(MappedRing ring, string name, int slot, long* cursorAt, FileStream? lockStream)
    {
        _ring = ring;
        Name = name;
        _slot = slot;
        _cursorAt = cursorAt;
        _lock = lockStream;
        _cursor = Volatile.Read(ref *cursorAt);
        Who = $"the reader '{name}' of the ring '{ring.PathOrAnonymous}'";
    }

    /// <summary>The reader's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The reader's persisted position: the ring position of the first message it has not read (a
    /// byte count since the ring was created). The next instance opened under this name starts here.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public long Position
    {
        get
        {
            Check();
            return _cursor;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has run (or the ring's).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0 || _ring.IsDisposed;

    internal long Cursor => _cursor;

    internal RingReadState State { get; } = new();

    internal string Who { get; }

    internal MappedRing Ring => _ring;

    /// <summary>
    /// Hands every message available to this reader now (up to <paramref name="limit"/>, and up to
    /// the end of the ring's memory: call again for the rest) to <paramref name="handler"/>, in order,
    /// then persists the new <see cref="Position"/> (and, if this reader was the slowest, releases
    /// what every reader has read). Returns at once, 0 when nothing is committed. If the handler
    /// throws, the position moves past the messages before the one that threw, and the exception
    /// propagates: that message is delivered again by the next call. Allocates nothing.
    /// </summary>
    /// <param name="handler">Called for each message; the span is valid only during the call.</param>
    /// <param name="limit">The most messages to hand over; at least 1.</param>
    /// <returns>The number of messages handed to <paramref name="handler"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">A call of this reader is in progress.</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public int Read(RingMessageHandler handler, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var visitor = new MappedRing.SpanVisitor(handler);
        return ReadCore(ref visitor, limit);
    }

    /// <summary>The batch read shared by the byte and typed readers.</summary>
    internal int ReadCore<TVisitor>(ref TVisitor visitor, int limit)
        where TVisitor : struct, MappedRing.IRingVisitor
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Check();
        return _ring.ReadBatch(ref visitor, new ReaderCursor(this), limit);
    }

    /// <summary>
    /// Waits until a message can be read by this reader (returns <see langword="true"/>) or the
    /// timeout passes, as <see cref="MappedRing.WaitForMessages"/> does: a brief spin (after a pause
    /// of up to a few µs while messages come faster than this reader reads them), then a sleep a
    /// producer's commit wakes (every reader sleeping on that message is woken).
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether something can be read (a <see cref="Read"/> may still hand over 0 messages when what was found is padding).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForMessages(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        return _ring.WaitCore(new ReaderCursor(this), timeout, cancellationToken);
    }

    /// <summary>As <see cref="WaitForMessages"/>, without blocking a thread (and without the brief spin), as <see cref="MappedRing.WaitForMessagesAsync"/> does.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether something can be read; completed at once, without allocating, when something already can.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public ValueTask<bool> WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        return _ring.WaitAsyncCore(new ReaderCursor(this), timeout, cancellationToken);
    }

    /// <summary>
    /// Closes the reader: its registration and position stay in the ring (it still holds producers
    /// back; see <see cref="MappedRing.RemoveReader"/>), and another instance may now open its name.
    /// Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ring.CloseReader(this, _slot, _lock);
        }
    }

    /// <summary>After a read of <paramref name="bytes"/> from <paramref name="position"/>: persist the position, then release if this reader was at the head (it may have been the slowest).</summary>
    internal void Advance(long position, int bytes)
    {
        long next = position + bytes;
        Volatile.Write(ref *_cursorAt, next);
        _cursor = next;
        if (_ring.HeadNow == position)
        {
            Release(steal: false);
        }
    }

    /// <summary>While idle: release what every reader has read if no one did (a releaser killed while others left their release to it: its lock is taken over).</summary>
    internal void CatchUpRelease() => Release(steal: true);

    private void Release(bool steal)
    {
        // One release per instance at a time: the release lock held under this slot's id is taken
        // as left by a dead predecessor, so two threads of this instance must not both try (a wait
        // and a read overlapping, against the rules, still never make two releasers).
        if (Interlocked.Exchange(ref _releasing, 1) == 0)
        {
            try
            {
                _ring.ReleaseToSlowest(_slot, _lock, steal);
            }
            finally
            {
                Volatile.Write(ref _releasing, 0);
            }
        }
    }

    private void Check()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(RingReader), $"The reader '{Name}' has been disposed.");
        }
        _ring.Check();
    }
}
