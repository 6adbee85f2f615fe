using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Called by <see cref="MappedRing.Read"/> for each message, in order.
/// </summary>
/// <param name="message">The message's bytes, in the ring: valid only during the call.</param>
/// <param name="position">The message's ring position: increasing, unique for the ring's life (store it with the message's effect for exactly-once processing).</param>
public delegate void RingMessageHandler(ReadOnlySpan<byte> message, long position);

// The readers' side: batches read in place from a cursor's position (the consumer's head, or a
// broadcast reader's own position), then the cursor advances (the consumer releases: zeroes the bytes
// and persists the head); waits sleep on the length word of the record at the position
// (docs/architecture.md, "The ring").
public sealed unsafe partial class MappedRing
{
    /// <summary>How long an idle consumer sleeps before it looks for a claim whose producer died before committing.</summary>
    private static readonly TimeSpan IdleSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a consumer blocked by an uncommitted claim sleeps between looks at its producer.</summary>
    private static readonly TimeSpan BlockedSlice = TimeSpan.FromMilliseconds(1);

    private FileStream? _consumerLock;
    private bool _isConsumer;
    private long _head;
    private readonly RingReadState _consumerState = new();

    /// <summary>
    /// Hands every message available now (up to <paramref name="limit"/>, and up to the end of the
    /// ring's memory: call again for the rest) to <paramref name="handler"/>, in order, then
    /// releases their space and persists the new <see cref="ReadPosition"/>. Returns at once, 0 when
    /// nothing is committed. If the handler throws, the messages before the one that threw are
    /// released and the exception propagates: that message is delivered again by the next call.
    /// Allocates nothing. A broadcast ring is read through <see cref="OpenReader"/> instead.
    /// </summary>
    /// <param name="handler">Called for each message; the span is valid only during the call.</param>
    /// <param name="limit">The most messages to hand over; at least 1.</param>
    /// <returns>The number of messages handed to <paramref name="handler"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Another instance, in this or another process, is the ring's consumer; a call of this one is in progress; or the ring is a broadcast ring.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public int Read(RingMessageHandler handler, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var visitor = new SpanVisitor(handler);
        return ReadCore(ref visitor, limit);
    }

    /// <summary>
    /// Waits until a message can be read (returns <see langword="true"/>) or the timeout passes,
    /// spinning briefly (yielding the core) and then sleeping in the kernel: a producer's commit wakes it.
    /// While messages keep arriving faster than they are read, it pauses (up to a few µs) before it
    /// looks, so that the next <see cref="Read"/> takes a batch instead of reading one message at a
    /// time right behind the producer; a wait for a message that is not yet coming has no pause. While it waits it skips the claim of a
    /// producer that died before committing (see <see cref="MappedRingOptions.AbandonedClaimTimeout"/>).
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether something can be read (a <see cref="Read"/> may still hand over 0 messages when what was found is padding).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="InvalidOperationException">Another instance is the ring's consumer, or the ring is a broadcast ring.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForMessages(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        EnsureConsumer();
        return WaitCore(new ConsumerCursor(this), timeout, cancellationToken);
    }

    /// <summary>The wait shared by the consumer and a broadcast ring's readers: on the record at the cursor's position.</summary>
    internal bool WaitCore<TCursor>(TCursor cursor, TimeSpan timeout, CancellationToken cancellationToken)
        where TCursor : struct, IRingCursor
    {
        // The deadline is taken after the first spin, not on entry: a busy consumer calls this on
        // every catch-up, and a clock read there costs as much as a message.
        long deadline = timeout == TimeSpan.Zero ? Waiter.Deadline(timeout) : long.MinValue;
        long* tailAt = (long*)(_base + RingHeader.TailOffset);
        RingReadState state = cursor.State;
        while (true)
        {
            Check();
            long position = cursor.Position;
            if (IsCommittedAt(position))
            {
                return true;
            }
            cancellationToken.ThrowIfCancellationRequested();
            RingRecordReady ready = ReadyAt(position);
            if (timeout != TimeSpan.Zero && SpinAfterBackoff(ready, state))
            {
                return true;
            }
            // Only now look for a claim whose producer died: that reads the producers' tail line and
            // the clock, which a claim in the middle of being written (the usual case) must not pay for.
            if (TryUnblockHead(position, ref state.Blocked))
            {
                return true;
            }
            if (deadline == long.MinValue)
            {
                deadline = Waiter.Deadline(timeout);
            }
            cursor.Idle();
            TimeSpan slice = Volatile.Read(ref *tailAt) != position ? BlockedSlice : IdleSlice;
            if (deadline != long.MaxValue)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                slice = TimeSpan.FromSeconds(Math.Min(slice.TotalSeconds, (double)left / Stopwatch.Frequency));
            }
            _ = Waiter.Wait(ready, _region, WaitTable.BucketOf(_seed, ready.Record), slice, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the record at <paramref name="position"/> is committed (or padding) and of
    /// <paramref name="position"/>'s lap. The lap matters to a broadcast reader that has read
    /// everything in a full ring: its position is then the head's place a lap later, where the
    /// slowest reader's oldest record still lies. Length and kind are read as one word, so a record
    /// being released and claimed again meanwhile is never taken for the new lap's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsCommittedAt(long position) =>
        IsCommittedWord(Volatile.Read(ref *(long*)(_data + ((int)position & _mask))), LapOf(position));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsCommittedWord(long word, int lap) => (int)word > 0 && ((int)(word >> 32) & ~RingHeader.KindMask) == lap;

    /// <summary>The lap bits of a kind word for a record at <paramref name="position"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LapOf(long position) => RingHeader.KindWord(0, position, _capacityShift);

    /// <summary>The wait condition "the record at <paramref name="position"/> is committed".</summary>
    private RingRecordReady ReadyAt(long position) => new(_region, (long*)(_data + ((int)position & _mask)), LapOf(position));

    /// <summary>The consumer's batch read, shared by the byte and typed rings.</summary>
    internal int ReadCore<TVisitor>(ref TVisitor visitor, int limit)
        where TVisitor : struct, IRingVisitor
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Check();
        EnsureConsumer();
        return ReadBatch(ref visitor, new ConsumerCursor(this), limit);
    }

    /// <summary>The batch read shared by the consumer and a broadcast ring's readers: from the cursor's position, at most two segments.</summary>
    internal int ReadBatch<TVisitor, TCursor>(ref TVisitor visitor, TCursor cursor, int limit)
        where TVisitor : struct, IRingVisitor
        where TCursor : struct, IRingCursor
    {
        RingReadState state = cursor.State;
        long position = cursor.Position;
        if (!IsCommittedAt(position))
        {
            // Nothing committed at the position. Look for a dead producer's claim (the clock) every
            // 64th empty read, and read the tail (the producers' line: each read costs the next
            // claim a cache-line transfer) only every 1024th, so that a reader polling the ring does
            // not slow the producers down; WaitForMessages looks every time before it sleeps.
            int empty = ++state.EmptyReads;
            if ((empty & 63) == 0)
            {
                _ = TryUnblockHead(position, ref state.Blocked, lookAtTail: (empty & 1023) == 0);
                cursor.Idle();
            }
            return 0;
        }
        if (state.Reading)
        {
            throw new InvalidOperationException($"A Read of {cursor.Who} is already in progress (the handler called Read, or another thread did): its calls must not overlap.");
        }
        state.Reading = true;
        int messages = 0;
        try
        {
            // Two segments at most: up to the end of the ring's memory, then from its start.
            for (int segment = 0; segment < 2 && messages < limit; segment++)
            {
                int bytes = ReadSegment(ref visitor, cursor, limit, ref messages);
                if (bytes == 0 || ((int)cursor.Position & _mask) != 0)
                {
                    break;
                }
            }
        }
        finally
        {
            state.Reading = false;
        }
        return messages;
    }

    /// <summary>Reads from the cursor's position to the end of the ring's memory at most; advances the cursor past what it read (also when the visitor throws).</summary>
    private int ReadSegment<TVisitor, TCursor>(ref TVisitor visitor, TCursor cursor, int limit, ref int messages)
        where TVisitor : struct, IRingVisitor
        where TCursor : struct, IRingCursor
    {
        long start = cursor.Position;
        int startIndex = (int)start & _mask;
        int contiguous = (int)_capacity - startIndex;
        int lap = LapOf(start); // one lap up to the end of the memory
        int bytes = 0;
        try
        {
            while (bytes < contiguous && messages < limit)
            {
                byte* record = _data + startIndex + bytes;
                long word = Volatile.Read(ref *(long*)record);
                if (!IsCommittedWord(word, lap))
                {
                    break;
                }
                int length = (int)word;
                if (((int)(word >> 32) & RingHeader.KindMask) == RingHeader.MessageKind)
                {
                    visitor.Visit(start + bytes, record + RingHeader.RecordHeaderLength, length - RingHeader.RecordHeaderLength);
                    messages++;
                }
                bytes += RingHeader.Align(length);
            }
        }
        finally
        {
            if (bytes > 0)
            {
                cursor.Advance(start, startIndex, bytes);
            }
        }
        return bytes;
    }

    /// <summary>The consumer's position (read by its cursor).</summary>
    internal long ConsumerHead => _head;

    /// <summary>The consumer's read state (kept by its cursor).</summary>
    internal RingReadState ConsumerState => _consumerState;

    /// <summary>The consumer's advance: release what it read.</summary>
    internal void ReleaseAsConsumer(long head, int headIndex, int bytes)
    {
        Release(head, headIndex, bytes);
        _head = head + bytes;
    }

    /// <summary>
    /// Frees <paramref name="bytes"/> from the head: records where the release ends, zeroes them
    /// (producers rely on free space being zero), then persists the head and wakes producers that
    /// wait for room (one load when none does).
    /// </summary>
    private void Release(long head, int headIndex, int bytes)
    {
        long next = head + bytes;
        Volatile.Write(ref *(long*)(_base + RingHeader.ReleasingOffset), next);
        new Span<byte>(_data + headIndex, bytes).Clear();
        long* headAt = (long*)(_base + RingHeader.HeadOffset);
        Volatile.Write(ref *headAt, next);
        WaitTable.Notify(_seed, headAt);
    }

    /// <summary>Takes the consumer role the first time this instance reads: the consumer lock, then the recovery of a release cut short.</summary>
    private void EnsureConsumer()
    {
        if (!Volatile.Read(ref _isConsumer))
        {
            BecomeConsumer();
        }
    }

    private void BecomeConsumer()
    {
        lock (_gate)
        {
            Check();
            if (_isConsumer)
            {
                return;
            }
            if (_readerSlots != 0)
            {
                throw new InvalidOperationException(
                    $"The ring '{_path ?? "(anonymous)"}' is a broadcast ring ({_readerSlots} reader slots): a broadcast ring is read through OpenReader(name), each reader with its own position, not through the single consumer's Read and WaitForMessages.");
            }
            if (_path is not null && Native.IsLinux)
            {
                FileStream stream = FileOpener.OpenExisting(_path, FileAccess.ReadWrite, FileOpener.LinkRefusal(_refuseSymlinks, mayResize: false));
                int errno = Native.TryLockRange(stream.SafeFileHandle.DangerousGetHandle(), ConsumerLockStart, 1);
                if (errno != 0)
                {
                    stream.Dispose();
                    throw errno == Errno.EAGAIN || errno == Errno.EACCES
                        ? new InvalidOperationException($"The ring '{_path}' already has a consumer (another instance, in this or another process): a ring has one consumer at a time.")
                        : new IOException($"Cannot take the consumer lock of the ring '{_path}' (fcntl F_OFD_SETLK): {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                }
                _consumerLock = stream;
            }
            FinishRelease();
            _head = HeadNow;
            Volatile.Write(ref _isConsumer, true);
        }
    }

    /// <summary>A releaser killed between zeroing a batch and persisting the head left <c>releasing</c> ahead of it: zero again and advance.</summary>
    private void FinishRelease()
    {
        long head = HeadNow;
        long releasing = Volatile.Read(ref *(long*)(_base + RingHeader.ReleasingOffset));
        if (releasing == head)
        {
            return;
        }
        int headIndex = (int)head & _mask;
        if (releasing < head || releasing - head > _capacity - headIndex || releasing > Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset)))
        {
            throw new MappedFormatException(_path ?? "(anonymous)", "the ring's releasing position", releasing.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"from the head ({head}) to the end of the ring's memory ({head + _capacity - headIndex}) and at most the tail",
                "The ring's header is corrupt; it was left as it is.");
        }
        Release(head, headIndex, (int)(releasing - head));
    }

    /// <summary>What <see cref="ReadCore"/> does with each message.</summary>
    internal interface IRingVisitor
    {
        void Visit(long position, byte* payload, int length);
    }

    internal readonly struct SpanVisitor(RingMessageHandler handler) : IRingVisitor
    {
        public void Visit(long position, byte* payload, int length) => handler(new ReadOnlySpan<byte>(payload, length), position);
    }
}
