using System.Diagnostics;

namespace Emmap;

// The producers' side: claim (a compare-and-exchange on the tail), fill in place, commit (a
// compare-and-exchange on the record's length word, then a notify that costs one load while nobody
// waits). docs/architecture.md, "The ring", describes the protocol.
public sealed unsafe partial class MappedRing
{
    /// <summary>How long a producer waiting for room sleeps before it looks at the oldest claim again.</summary>
    private static readonly TimeSpan ProducerSlice = TimeSpan.FromMilliseconds(10);

    /// <summary>Copies <paramref name="message"/> into the ring and commits it, or returns <see langword="false"/> at once when the ring is full.</summary>
    /// <param name="message">The message: 0 to <see cref="MaxMessageLength"/> bytes.</param>
    /// <returns>Whether the message was written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The message is longer than <see cref="MaxMessageLength"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public bool TryWrite(ReadOnlySpan<byte> message)
    {
        if (!TryClaimCore(message.Length, out long position))
        {
            return false;
        }
        CopyAndCommit(message, position);
        return true;
    }

    /// <summary>Copies <paramref name="message"/> into the ring and commits it, waiting up to <paramref name="timeout"/> for room.</summary>
    /// <param name="message">The message: 0 to <see cref="MaxMessageLength"/> bytes.</param>
    /// <param name="timeout">How long to wait for room; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether the message was written (<see langword="false"/>: the timeout passed with the ring full).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The message is longer than <see cref="MaxMessageLength"/>, or the timeout is negative.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool TryWrite(ReadOnlySpan<byte> message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!ClaimWaiting(message.Length, timeout, cancellationToken, out long position))
        {
            return false;
        }
        CopyAndCommit(message, position);
        return true;
    }

    /// <summary>Copies <paramref name="message"/> into the ring and commits it, waiting as long as it takes for room.</summary>
    /// <param name="message">The message: 0 to <see cref="MaxMessageLength"/> bytes.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The message is longer than <see cref="MaxMessageLength"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Write(ReadOnlySpan<byte> message, CancellationToken cancellationToken = default) =>
        _ = TryWrite(message, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// Claims a slot of <paramref name="length"/> bytes to fill in place, or returns
    /// <see langword="false"/> at once when the ring is full. The slot is zeroed. Commit or abort
    /// the claim soon: the consumer reads nothing after it until then.
    /// </summary>
    /// <param name="length">The message's length: 0 to <see cref="MaxMessageLength"/> bytes.</param>
    /// <param name="claim">The claimed slot.</param>
    /// <returns>Whether a slot was claimed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or longer than <see cref="MaxMessageLength"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public bool TryClaim(int length, out RingClaim claim)
    {
        bool claimed = TryClaimCore(length, out long position);
        claim = claimed ? new RingClaim(this, position, length) : default;
        return claimed;
    }

    /// <summary>As <see cref="TryClaim(int, out RingClaim)"/>, waiting up to <paramref name="timeout"/> for room.</summary>
    /// <param name="length">The message's length: 0 to <see cref="MaxMessageLength"/> bytes.</param>
    /// <param name="timeout">How long to wait for room; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <param name="claim">The claimed slot.</param>
    /// <returns>Whether a slot was claimed (<see langword="false"/>: the timeout passed with the ring full).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is out of range, or the timeout is negative.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool TryClaim(int length, TimeSpan timeout, CancellationToken cancellationToken, out RingClaim claim)
    {
        bool claimed = ClaimWaiting(length, timeout, cancellationToken, out long position);
        claim = claimed ? new RingClaim(this, position, length) : default;
        return claimed;
    }

    private void CopyAndCommit(ReadOnlySpan<byte> message, long position)
    {
        byte* record = _data + ((int)position & _mask);
        message.CopyTo(new Span<byte>(record + RingHeader.RecordHeaderLength, message.Length));
        Commit(position, RingHeader.RecordHeaderLength + message.Length);
    }

    /// <summary>The payload of the claim at <paramref name="position"/>.</summary>
    internal Span<byte> PayloadAt(long position, int length)
    {
        Check();
        return new Span<byte>(_data + ((int)position & _mask) + RingHeader.RecordHeaderLength, length);
    }

    /// <summary>A view over the payload of the claim or record at <paramref name="position"/>.</summary>
    internal MappedView ViewAt(long position)
    {
        Check();
        return new MappedView(_region, _data + ((int)position & _mask) + RingHeader.RecordHeaderLength);
    }

    /// <summary>
    /// Takes <paramref name="length"/> bytes of payload (plus the record header, aligned) at the tail,
    /// padding the end of the ring first when the record does not fit before it; stamps the record as
    /// claimed by this process. <see langword="false"/> when there is no room.
    /// </summary>
    internal bool TryClaimCore(int length, out long position)
    {
        Check();
        if ((uint)length > (uint)_maxMessageLength)
        {
            ThrowTooLong(length);
        }
        int recordLength = RingHeader.RecordHeaderLength + length;
        int required = RingHeader.Align(recordLength);
        long* tailAt = (long*)(_base + RingHeader.TailOffset);
        long* headAt = (long*)(_base + RingHeader.HeadOffset);
        long* headCacheAt = (long*)(_base + RingHeader.HeadCacheOffset);
        long capacity = _capacity;
        long head = Volatile.Read(ref *headCacheAt);
        long tail = Volatile.Read(ref *tailAt);
        int padding;
        int tailIndex;
        while (true)
        {
            if (required > capacity - (tail - head))
            {
                head = Volatile.Read(ref *headAt);
                if (required > capacity - (tail - head))
                {
                    position = 0;
                    return false;
                }
                Volatile.Write(ref *headCacheAt, head);
            }
            padding = 0;
            tailIndex = (int)tail & _mask;
            int toEnd = (int)capacity - tailIndex;
            if (required > toEnd)
            {
                // Not before the end: pad to it and start at 0, which needs the head past `required`.
                int headIndex = (int)head & _mask;
                if (required > headIndex)
                {
                    head = Volatile.Read(ref *headAt);
                    headIndex = (int)head & _mask;
                    if (required > headIndex || tail - head > capacity - toEnd - required)
                    {
                        position = 0;
                        return false;
                    }
                    Volatile.Write(ref *headCacheAt, head);
                }
                padding = toEnd;
            }
            long seen = Interlocked.CompareExchange(ref *tailAt, tail + required + padding, tail);
            if (seen == tail)
            {
                break;
            }
            tail = seen;
        }
        if (padding != 0)
        {
            byte* pad = _data + tailIndex;
            *(int*)(pad + RingHeader.KindFieldOffset) = RingHeader.KindWord(RingHeader.PaddingKind, tail, _capacityShift);
            Volatile.Write(ref *(int*)pad, padding);
            WaitTable.Notify(_seed, pad);
            tailIndex = 0;
        }
        position = tail + padding;
        byte* record = _data + tailIndex;
        // Length first, then owner: a scan for the next record never takes an owner word for a length
        // (docs/architecture.md, "Dead producers").
        *(int*)(record + RingHeader.KindFieldOffset) = RingHeader.KindWord(RingHeader.MessageKind, position, _capacityShift);
        Volatile.Write(ref *(int*)record, -recordLength);
        Volatile.Write(ref *(ulong*)(record + RingHeader.OwnerFieldOffset), ProcessIdentity.Current);
        return true;
    }

    /// <summary>Waits for room as <see cref="TryClaimCore"/> needs it, skipping a dead producer's claim at the head meanwhile.</summary>
    private bool ClaimWaiting(int length, TimeSpan timeout, CancellationToken cancellationToken, out long position)
    {
        Waiter.CheckTimeout(timeout);
        if (TryClaimCore(length, out position))
        {
            return true;
        }
        long deadline = Waiter.Deadline(timeout);
        var blocked = new BlockedHead();
        long* headAt = (long*)(_base + RingHeader.HeadOffset);
        WaitTable.Bucket* bucket = WaitTable.BucketOf(_seed, headAt);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long head = Volatile.Read(ref *headAt);
            _ = TryUnblockHead(head, ref blocked);
            if (TryClaimCore(length, out position))
            {
                return true;
            }
            var moved = new RingPositionMoved(_region, headAt, head);
            if (SpinUntil(moved) >= 0 && TryClaimCore(length, out position))
            {
                return true;
            }
            TimeSpan slice = ProducerSlice;
            if (deadline != long.MaxValue)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                slice = TimeSpan.FromSeconds(Math.Min(slice.TotalSeconds, (double)left / Stopwatch.Frequency));
            }
            _ = Waiter.Wait(moved, _region, bucket, slice, cancellationToken);
        }
    }

    /// <summary>Publishes the claim at <paramref name="position"/>: its length word turns positive, then the consumer is woken if it sleeps.</summary>
    internal void Commit(long position, int recordLength)
    {
        Check();
        int* record = (int*)(_data + ((int)position & _mask));
        int seen = Interlocked.CompareExchange(ref *record, recordLength, -recordLength);
        if (seen != -recordLength)
        {
            ThrowClaimLost(position, seen);
        }
        WaitTable.Notify(_seed, record);
    }

    /// <summary>Gives the claim at <paramref name="position"/> up: it becomes padding the consumer skips.</summary>
    internal void Abort(long position, int recordLength)
    {
        Check();
        long* record = (long*)(_data + ((int)position & _mask));
        long claimed = LengthAndKind(-recordLength, RingHeader.KindWord(RingHeader.MessageKind, position, _capacityShift));
        long seen = Interlocked.CompareExchange(ref *record, LengthAndKind(recordLength, RingHeader.KindWord(RingHeader.PaddingKind, position, _capacityShift)), claimed);
        if (seen != claimed)
        {
            ThrowClaimLost(position, (int)seen);
        }
        WaitTable.Notify(_seed, record);
    }

    /// <summary>The first 8 bytes of a record header, as one little-endian word.</summary>
    private static long LengthAndKind(int length, int kind) => (uint)length | ((long)kind << 32);

    [StackTraceHidden]
    private void ThrowTooLong(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length,
            $"A message of {length} bytes does not fit the ring: it takes 0 to {_maxMessageLength} bytes (an eighth of its {_capacity}-byte capacity, less a 16-byte record header).");

    [StackTraceHidden]
    private static void ThrowClaimLost(long position, int seen) =>
        throw new InvalidOperationException(seen > 0
            ? $"The claim at ring position {position} was already committed or aborted, or was skipped as abandoned after MappedRingOptions.AbandonedClaimTimeout (its message is not delivered)."
            : $"The claim at ring position {position} is no longer this producer's (its length word is {seen}): it was skipped as abandoned after MappedRingOptions.AbandonedClaimTimeout, and its message is not delivered.");
}
