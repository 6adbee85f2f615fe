using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Called by <see cref="MappedRing.Read"/> for each message, in order.
/// </summary>
/// <param name="message">The message's bytes, in the ring: valid only during the call.</param>
/// <param name="position">The message's ring position: increasing, unique for the ring's life (store it with the message's effect for exactly-once processing).</param>
public delegate void RingMessageHandler(ReadOnlySpan<byte> message, long position);

// The consumer's side: batches read in place, released by zeroing their bytes and advancing the
// persisted head, and waits that sleep on the head record's length word (docs/architecture.md, "The ring").
public sealed unsafe partial class MappedRing
{
    /// <summary>How long an idle consumer sleeps before it looks for a claim whose producer died before committing.</summary>
    private static readonly TimeSpan IdleSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a consumer blocked by an uncommitted claim sleeps between looks at its producer.</summary>
    private static readonly TimeSpan BlockedSlice = TimeSpan.FromMilliseconds(1);

    private FileStream? _consumerLock;
    private bool _isConsumer;
    private bool _reading;
    private int _emptyReads;
    private long _head;
    private BlockedHead _blocked = new();

    /// <summary>
    /// Hands every message available now (up to <paramref name="limit"/>, and up to the end of the
    /// ring's memory: call again for the rest) to <paramref name="handler"/>, in order, then
    /// releases their space and persists the new <see cref="ReadPosition"/>. Returns at once, 0 when
    /// nothing is committed. If the handler throws, the messages before the one that threw are
    /// released and the exception propagates: that message is delivered again by the next call.
    /// Allocates nothing.
    /// </summary>
    /// <param name="handler">Called for each message; the span is valid only during the call.</param>
    /// <param name="limit">The most messages to hand over; at least 1.</param>
    /// <returns>The number of messages handed to <paramref name="handler"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Another instance, in this or another process, is the ring's consumer; or a call of this one is in progress.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public int Read(RingMessageHandler handler, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var visitor = new SpanVisitor(handler);
        return ReadCore(ref visitor, limit);
    }

    /// <summary>
    /// Waits until a message can be read (returns <see langword="true"/>) or the timeout passes,
    /// spinning briefly (yielding the core) and then sleeping in the kernel: a producer's commit wakes it. While it waits it skips the claim of a
    /// producer that died before committing (see <see cref="MappedRingOptions.AbandonedClaimTimeout"/>).
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Whether something can be read (a <see cref="Read"/> may still hand over 0 messages when what was found is padding).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="InvalidOperationException">Another instance is the ring's consumer.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForMessages(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        EnsureConsumer();
        long deadline = Waiter.Deadline(timeout);
        long* tailAt = (long*)(_base + RingHeader.TailOffset);
        while (true)
        {
            Check();
            long head = _head;
            int* record = (int*)(_data + ((int)head & _mask));
            if (Volatile.Read(ref *record) > 0 || TryUnblockHead(head, ref _blocked))
            {
                return true;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var ready = new RingRecordReady(_region, record);
            if (timeout != TimeSpan.Zero && SpinUntil(ready))
            {
                return true;
            }
            TimeSpan slice = Volatile.Read(ref *tailAt) != head ? BlockedSlice : IdleSlice;
            if (deadline != long.MaxValue)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                slice = TimeSpan.FromSeconds(Math.Min(slice.TotalSeconds, (double)left / Stopwatch.Frequency));
            }
            _ = Waiter.Wait(ready, _region, WaitTable.BucketOf(_seed, record), slice, cancellationToken);
        }
    }

    /// <summary>
    /// Spins (then yields) for <see cref="SpinLimit"/> rounds until <paramref name="condition"/> is met,
    /// before a wait sleeps on it (the consumer's wait for a message, a producer's wait for room): a
    /// busy ring's waiters then rarely sleep, so the other side rarely pays for a wake (a system call).
    /// </summary>
    private static bool SpinUntil<TCondition>(TCondition condition)
        where TCondition : struct, IWaitCondition
    {
        // SpinWait yields the core after its first few spins: on a busy machine the process that
        // will write may be waiting for this very core.
        var spinner = new SpinWait();
        while (!condition.IsMet())
        {
            if (spinner.Count >= SpinLimit)
            {
                return false;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    /// <summary>How many rounds <see cref="WaitForMessages"/> (and a producer waiting for room) spins before it sleeps: some µs of pauses, then yields.</summary>
    private const int SpinLimit = 30;

    /// <summary>The batch read shared by the byte and typed rings.</summary>
    internal int ReadCore<TVisitor>(ref TVisitor visitor, int limit)
        where TVisitor : struct, IRingVisitor
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Check();
        EnsureConsumer();
        int first = Volatile.Read(ref *(int*)(_data + ((int)_head & _mask)));
        if (first <= 0)
        {
            // Nothing committed at the head. Look at the tail (a line the producers write) and the
            // clock only every 64th empty read, so that a consumer polling the ring does not slow the
            // producers down; WaitForMessages looks every time before it sleeps.
            if ((++_emptyReads & 63) == 0)
            {
                _ = TryUnblockHead(_head, ref _blocked);
            }
            return 0;
        }
        if (_reading)
        {
            throw new InvalidOperationException("A Read of this ring's consumer is already in progress (the handler called Read, or another thread did): a consumer's calls must not overlap.");
        }
        _reading = true;
        int messages = 0;
        try
        {
            // Two segments at most: up to the end of the ring's memory, then from its start.
            for (int segment = 0; segment < 2 && messages < limit; segment++)
            {
                int bytes = ReadSegment(ref visitor, limit, ref messages);
                if (bytes == 0 || ((int)_head & _mask) != 0)
                {
                    break;
                }
            }
        }
        finally
        {
            _reading = false;
        }
        return messages;
    }

    /// <summary>Reads from the head to the end of the ring's memory at most; releases what it read (also when the visitor throws).</summary>
    private int ReadSegment<TVisitor>(ref TVisitor visitor, int limit, ref int messages)
        where TVisitor : struct, IRingVisitor
    {
        long head = _head;
        int headIndex = (int)head & _mask;
        int contiguous = (int)_capacity - headIndex;
        int bytes = 0;
        try
        {
            while (bytes < contiguous && messages < limit)
            {
                byte* record = _data + headIndex + bytes;
                int length = Volatile.Read(ref *(int*)record);
                if (length <= 0)
                {
                    break;
                }
                if ((*(int*)(record + RingHeader.KindFieldOffset) & RingHeader.KindMask) == RingHeader.MessageKind)
                {
                    visitor.Visit(head + bytes, record + RingHeader.RecordHeaderLength, length - RingHeader.RecordHeaderLength);
                    messages++;
                }
                bytes += RingHeader.Align(length);
            }
        }
        finally
        {
            if (bytes > 0)
            {
                Release(head, headIndex, bytes);
            }
        }
        return bytes;
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
        _head = next;
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
            _head = Volatile.Read(ref *(long*)(_base + RingHeader.HeadOffset));
            Volatile.Write(ref _isConsumer, true);
        }
    }

    /// <summary>A consumer killed between zeroing a batch and persisting the head left <c>releasing</c> ahead of it: zero again and advance.</summary>
    private void FinishRelease()
    {
        long head = Volatile.Read(ref *(long*)(_base + RingHeader.HeadOffset));
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

    private readonly struct SpanVisitor(RingMessageHandler handler) : IRingVisitor
    {
        public void Visit(long position, byte* payload, int length) => handler(new ReadOnlySpan<byte>(payload, length), position);
    }
}
