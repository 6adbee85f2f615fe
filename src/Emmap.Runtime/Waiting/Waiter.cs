using System.Diagnostics;

namespace Emmap;

/// <summary>
/// The synchronous wait: the caller's thread sleeps in the kernel on its word's bucket in the side
/// table (or, in the polling fallback, on a private event with a growing timeout). See
/// <c>docs/waiting.md</c> for the protocol and why it loses no wake-up.
/// </summary>
internal static unsafe class Waiter
{
    /// <summary>The longest a polling wait sleeps between checks.</summary>
    internal const int MaxPollMilliseconds = 16;

    /// <summary>The slice a futex wait sleeps in when the barrier is unavailable (a plain store's wake-up may then be that late).</summary>
    internal static readonly TimeSpan DegradedSleep = TimeSpan.FromMilliseconds(10);

    /// <summary>Synchronous waits in this process that found their change only when a sleep slice ended (no wake came): tests assert none.</summary>
    internal static long LateWakeups;

    /// <summary>Checks a wait's timeout: <see cref="Timeout.InfiniteTimeSpan"/> or 0 to <see cref="int.MaxValue"/> ms.</summary>
    internal static void CheckTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                $"Timeout {timeout} is out of range: a wait takes 0 to {TimeSpan.FromMilliseconds(int.MaxValue)}, or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>The deadline (a <see cref="Stopwatch"/> timestamp) of a wait of <paramref name="timeout"/> from now; <see cref="long.MaxValue"/> for none.</summary>
    internal static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Nanoseconds from now until <paramref name="deadline"/>, at most <paramref name="cap"/>.</summary>
    internal static long NanosecondsUntil(long deadline, TimeSpan cap)
    {
        long capNs = (long)(cap.TotalMilliseconds * 1_000_000);
        if (deadline == long.MaxValue)
        {
            return capNs;
        }
        long left = deadline - Stopwatch.GetTimestamp();
        return Math.Min(capNs, (long)(left * (1_000_000_000.0 / Stopwatch.Frequency)));
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (<see langword="true"/>) or the timeout passes
    /// (<see langword="false"/>). The caller has validated its arguments and checked the condition once.
    /// </summary>
    internal static bool Wait<TCondition>(TCondition condition, MappedRegion region, WaitTable.Bucket* bucket, TimeSpan timeout, CancellationToken cancellationToken)
        where TCondition : IWaitCondition
    {
        if (condition.IsMet())
        {
            return true;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (timeout == TimeSpan.Zero)
        {
            return false;
        }
        long deadline = Deadline(timeout);
        var pending = new SyncWait(bucket);
        if (!region.AddWait(pending))
        {
            _ = condition.IsMet(); // the file was disposed meanwhile: this throws
        }
        try
        {
            using CancellationTokenRegistration registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((SyncWait)state!).Interrupt(), pending)
                : default;
            return WaitTable.Mode == WaitMode.Futex
                ? Sleep(condition, bucket, deadline, cancellationToken)
                : Poll(condition, pending, deadline, cancellationToken);
        }
        finally
        {
            region.RemoveWait(pending);
        }
    }

    private static bool Sleep<TCondition>(TCondition condition, WaitTable.Bucket* bucket, long deadline, CancellationToken cancellationToken)
        where TCondition : IWaitCondition
    {
        WaitTable.Enter(bucket);
        try
        {
            // After the count, before the check: a writer's plain store is visible to the check, or the writer sees the count.
            TimeSpan slice = WaitTable.Fence() ? WaitTable.MaxSleep : DegradedSleep;
            bool sliceEnded = false;
            while (true)
            {
                int sequence = Volatile.Read(ref bucket->Sequence);
                if (condition.IsMet())
                {
                    if (sliceEnded)
                    {
                        Interlocked.Increment(ref LateWakeups); // found by the slice's end, not woken: a lost wake-up the cap healed
                    }
                    return true;
                }
                cancellationToken.ThrowIfCancellationRequested();
                long nanoseconds = NanosecondsUntil(deadline, slice);
                if (nanoseconds <= 0)
                {
                    return false;
                }
                sliceEnded = Native.FutexWait(&bucket->Sequence, sequence, nanoseconds) == Native.FutexResult.TimedOut;
                WaitTable.Beat(bucket);
            }
        }
        finally
        {
            WaitTable.Leave(bucket);
        }
    }

    private static bool Poll<TCondition>(TCondition condition, SyncWait pending, long deadline, CancellationToken cancellationToken)
        where TCondition : IWaitCondition
    {
        int sleep = 1;
        while (true)
        {
            if (condition.IsMet())
            {
                return true;
            }
            cancellationToken.ThrowIfCancellationRequested();
            long nanoseconds = NanosecondsUntil(deadline, TimeSpan.FromMilliseconds(sleep));
            if (nanoseconds <= 0)
            {
                return false;
            }
            _ = pending.Event.Wait(TimeSpan.FromTicks(Math.Max(1, nanoseconds / 100)));
            sleep = Math.Min(sleep * 2, MaxPollMilliseconds);
        }
    }

    /// <summary>A synchronous wait that dispose or cancellation wakes: it bumps the bucket's sequence (or sets the polling event).</summary>
    private sealed class SyncWait(WaitTable.Bucket* bucket) : IWaitInterrupt
    {
        private ManualResetEventSlim? _event;

        public ManualResetEventSlim Event => LazyInitializer.EnsureInitialized(ref _event);

        public void Interrupt()
        {
            Event.Set();
            WaitTable.Wake(bucket);
        }
    }
}
