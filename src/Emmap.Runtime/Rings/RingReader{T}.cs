namespace Emmap;

/// <summary>
/// A named reader of a broadcast <see cref="MappedRing{T}"/> (<see cref="MappedRing{T}.OpenReader"/>):
/// a <see cref="RingReader"/> that hands over each message as a view of its <typeparamref name="T"/> record.
/// </summary>
/// <typeparam name="T">The record's layout.</typeparam>
public sealed class RingReader<T> : IDisposable where T : struct, IMappedLayout<T>
{
    private readonly RingReader _reader;

    internal RingReader(RingReader reader) => _reader = reader;

    /// <summary>The untyped reader underneath.</summary>
    public RingReader Reader => _reader;

    /// <summary>The reader's name.</summary>
    public string Name => _reader.Name;

    /// <summary>The reader's persisted position, as <see cref="RingReader.Position"/>.</summary>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public long Position => _reader.Position;

    /// <summary>
    /// Hands every record available to this reader now (up to <paramref name="limit"/>) to
    /// <paramref name="handler"/>, in order, then persists the reader's position, as <see cref="RingReader.Read"/> does.
    /// </summary>
    /// <param name="handler">Called for each record; the view is valid only during the call.</param>
    /// <param name="limit">The most records to hand over; at least 1.</param>
    /// <returns>The number of records handed over.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">A call of this reader is in progress.</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public int Read(RingRecordHandler<T> handler, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var visitor = new RingRecordVisitor<T>(_reader.Ring, handler);
        return _reader.ReadCore(ref visitor, limit);
    }

    /// <summary>Waits until a record can be read by this reader, as <see cref="RingReader.WaitForMessages"/> does.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether something can be read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForMessages(TimeSpan timeout, CancellationToken cancellationToken = default) => _reader.WaitForMessages(timeout, cancellationToken);

    /// <summary>Waits until a record can be read without blocking a thread, as <see cref="RingReader.WaitForMessagesAsync"/> does.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether something can be read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The reader or its ring is disposed.</exception>
    public ValueTask<bool> WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _reader.WaitForMessagesAsync(timeout, cancellationToken);

    /// <summary>Closes the reader, as <see cref="RingReader.Dispose"/> does. Idempotent.</summary>
    public void Dispose() => _reader.Dispose();
}
