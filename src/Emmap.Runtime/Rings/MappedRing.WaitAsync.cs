using System.Diagnostics;

namespace Emmap;

// The consumer's asynchronous wait: the same slices as WaitForMessages, slept by the one thread per
// process that sleeps for every asynchronous wait (docs/waiting.md), without blocking a thread.
public sealed unsafe partial class MappedRing
{
    /// <summary>
    /// As <see cref="WaitForMessages"/>, without blocking a thread (and without the brief spin):
    /// completes when a message can be read or the timeout passes. Meanwhile it skips the claim of a
    /// producer that died before committing, as the synchronous wait does.
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether something can be read; completed at once, without allocating, when something already can.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="InvalidOperationException">Another instance is the ring's consumer.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        EnsureConsumer();
        if (IsReadable())
        {
            return new ValueTask<bool>(true);
        }
        return timeout == TimeSpan.Zero ? new ValueTask<bool>(false) : RingAsyncWait.WaitSlicesAsync(this, Waiter.Deadline(timeout), cancellationToken);
    }

    /// <summary>Whether the head record is committed or padding (or just became padding because its producer is dead).</summary>
    internal bool IsReadable()
    {
        Check();
        long head = _head;
        return Volatile.Read(ref *(int*)(_data + ((int)head & _mask))) > 0 || TryUnblockHead(head, ref _blocked);
    }

    /// <summary>How long the next sleep may be: short while an uncommitted claim blocks the head, so its producer is looked at.</summary>
    internal TimeSpan SliceNow() => Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset)) != _head ? BlockedSlice : IdleSlice;

    internal ValueTask<bool> WaitSliceAsync(TimeSpan slice, CancellationToken cancellationToken)
    {
        int* record = (int*)(_data + ((int)_head & _mask));
        return AsyncWaiter.Wait(new RingRecordReady(_region, record), _region, WaitTable.BucketOf(_seed, record), slice, cancellationToken);
    }
}

/// <summary>The asynchronous wait's loop, outside the ring's unsafe context (an <c>await</c> may not be in one).</summary>
internal static class RingAsyncWait
{
    internal static async ValueTask<bool> WaitSlicesAsync(MappedRing ring, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan slice = ring.SliceNow();
            if (deadline != long.MaxValue)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                slice = TimeSpan.FromSeconds(Math.Min(slice.TotalSeconds, (double)left / Stopwatch.Frequency));
            }
            _ = await ring.WaitSliceAsync(slice, cancellationToken).ConfigureAwait(false);
            if (ring.IsReadable())
            {
                return true;
            }
        }
    }
}
