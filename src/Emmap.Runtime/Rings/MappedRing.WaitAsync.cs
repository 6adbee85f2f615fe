using System.Diagnostics;

namespace Emmap;

// The asynchronous wait of the consumer and of a broadcast ring's readers: the same slices as WaitForMessages, slept by the one thread per
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
    /// <exception cref="InvalidOperationException">Another instance is the ring's consumer, or the ring is a broadcast ring.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Waiter.CheckTimeout(timeout);
        Check();
        EnsureConsumer();
        return WaitAsyncCore(new ConsumerCursor(this), timeout, cancellationToken);
    }

    /// <summary>The asynchronous wait shared by the consumer and a broadcast ring's readers.</summary>
    internal ValueTask<bool> WaitAsyncCore<TCursor>(TCursor cursor, TimeSpan timeout, CancellationToken cancellationToken)
        where TCursor : struct, IRingCursor
    {
        if (IsReadable(cursor))
        {
            return new ValueTask<bool>(true);
        }
        return timeout == TimeSpan.Zero ? new ValueTask<bool>(false) : RingAsyncWait.WaitSlicesAsync(this, cursor, Waiter.Deadline(timeout), cancellationToken);
    }

    /// <summary>Whether the record at the cursor's position is committed or padding (or just became padding because its producer is dead).</summary>
    internal bool IsReadable<TCursor>(TCursor cursor)
        where TCursor : struct, IRingCursor
    {
        Check();
        long position = cursor.Position;
        return IsCommittedAt(position) || TryUnblockHead(position, ref cursor.State.Blocked);
    }

    /// <summary>How long the next sleep may be: short while an uncommitted claim blocks the position, so its producer is looked at.</summary>
    internal TimeSpan SliceNow(long position) => Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset)) != position ? BlockedSlice : IdleSlice;

    internal ValueTask<bool> WaitSliceAsync(long position, TimeSpan slice, CancellationToken cancellationToken)
    {
        RingRecordReady ready = ReadyAt(position);
        return AsyncWaiter.Wait(ready, _region, WaitTable.BucketOf(_seed, ready.Record), slice, cancellationToken);
    }
}

/// <summary>The asynchronous wait's loop, outside the ring's unsafe context (an <c>await</c> may not be in one).</summary>
internal static class RingAsyncWait
{
    internal static async ValueTask<bool> WaitSlicesAsync<TCursor>(MappedRing ring, TCursor cursor, long deadline, CancellationToken cancellationToken)
        where TCursor : struct, IRingCursor
    {
        while (true)
        {
            long position = cursor.Position;
            TimeSpan slice = ring.SliceNow(position);
            if (deadline != long.MaxValue)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                slice = TimeSpan.FromSeconds(Math.Min(slice.TotalSeconds, (double)left / Stopwatch.Frequency));
            }
            cursor.Idle();
            _ = await ring.WaitSliceAsync(position, slice, cancellationToken).ConfigureAwait(false);
            if (ring.IsReadable(cursor))
            {
                return true;
            }
        }
    }
}
