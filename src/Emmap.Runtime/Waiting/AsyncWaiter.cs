using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Asynchronous waits: one dedicated thread per process sleeps for all of them at once
/// (<c>futex_waitv</c> on the buckets they wait on plus a private control word), checks them when
/// woken, and completes their tasks, whose continuations run on the thread pool. No thread-pool
/// thread is held while a wait is pending. In the polling fallback the same thread polls.
/// </summary>
internal static unsafe class AsyncWaiter
{
    /// <summary>futex_waitv takes at most 128 words: the control word and 127 buckets. Waits on more buckets are checked every <see cref="OverflowPollMilliseconds"/>.</summary>
    internal const int MaxBuckets = 127;

    private const int OverflowPollMilliseconds = 5;

    private static readonly object s_lock = new();
    private static readonly List<AsyncWait> s_waits = [];
    private static readonly int* s_control = (int*)NativeMemory.AllocZeroed(4);
    private static readonly AutoResetEvent s_pollEvent = new(false);
    private static Thread? s_thread;
    private static bool s_noWaitv;

    /// <summary>Starts an asynchronous wait; the caller has validated its arguments.</summary>
    internal static ValueTask<bool> Wait<TCondition>(TCondition condition, MappedRegion region, WaitTable.Bucket* bucket, TimeSpan timeout, CancellationToken cancellationToken)
        where TCondition : IWaitCondition
    {
        if (condition.IsMet())
        {
            return new ValueTask<bool>(true);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }
        if (timeout == TimeSpan.Zero)
        {
            return new ValueTask<bool>(false);
        }
        var wait = new AsyncWait(condition, region, bucket, Waiter.Deadline(timeout));
        if (!region.AddWait(wait))
        {
            _ = condition.IsMet(); // disposed meanwhile: throws
        }
        if (cancellationToken.CanBeCanceled)
        {
            wait.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var cancelled = (AsyncWait)state!;
                if (cancelled.Completion.TrySetCanceled(token))
                {
                    cancelled.Region.RemoveWait(cancelled);
                }
                Kick();
            }, wait);
        }
        lock (s_lock)
        {
            s_waits.Add(wait);
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "Emmap waits" };
                s_thread.Start();
            }
        }
        Kick();
        return new ValueTask<bool>(wait.Completion.Task);
    }

    /// <summary>Makes the thread look at its waits again (a new wait, a cancellation, a dispose).</summary>
    private static void Kick()
    {
        Interlocked.Increment(ref *s_control);
        if (WaitTable.Mode == WaitMode.Futex && !s_noWaitv)
        {
            Native.FutexWakePrivate(s_control);
        }
        s_pollEvent.Set();
    }

    private static void Run()
    {
        var held = new HashSet<nint>();     // buckets this thread is counted in
        var wanted = new HashSet<nint>();
        var entries = new Native.FutexWaitv[MaxBuckets + 1];
        var pending = new List<AsyncWait>();
        int pollSleep = 1;
        while (true)
        {
            int control = Volatile.Read(ref *s_control);
            pending.Clear();
            lock (s_lock)
            {
                s_waits.RemoveAll(static w => w.Completion.Task.IsCompleted);
                pending.AddRange(s_waits);
            }
            bool futex = WaitTable.Mode == WaitMode.Futex && !s_noWaitv;

            // Count this thread in on every bucket still waited on (and out of the others), fencing after a new one.
            wanted.Clear();
            if (futex)
            {
                foreach (AsyncWait wait in pending)
                {
                    if (wanted.Count < MaxBuckets)
                    {
                        wanted.Add((nint)wait.Bucket);
                    }
                }
            }
            bool entered = false;
            foreach (nint bucket in wanted)
            {
                if (held.Add(bucket))
                {
                    WaitTable.Enter((WaitTable.Bucket*)bucket);
                    entered = true;
                }
                else
                {
                    WaitTable.Beat((WaitTable.Bucket*)bucket);
                }
            }
            held.RemoveWhere(bucket =>
            {
                if (wanted.Contains(bucket))
                {
                    return false;
                }
                WaitTable.Leave((WaitTable.Bucket*)bucket);
                return true;
            });
            bool fenced = !entered || WaitTable.Fence();

            // Sequences first, then the values: a write after the check bumps a sequence the sleep then sees.
            int count = 0;
            entries[count++] = new Native.FutexWaitv { Address = (ulong)s_control, Value = (uint)control, Flags = Native.Futex2SizeU32 | Native.Futex2Private };
            foreach (nint bucket in wanted)
            {
                var b = (WaitTable.Bucket*)bucket;
                entries[count++] = new Native.FutexWaitv { Address = (ulong)&b->Sequence, Value = (uint)Volatile.Read(ref b->Sequence), Flags = Native.Futex2SizeU32 };
            }

            long nearest = long.MaxValue;
            bool completed = false;
            foreach (AsyncWait wait in pending)
            {
                completed |= wait.Check();
                if (!wait.Completion.Task.IsCompleted)
                {
                    nearest = Math.Min(nearest, wait.Deadline);
                }
            }
            if (completed)
            {
                continue;
            }

            if (!futex)
            {
                if (pending.Count == 0)
                {
                    _ = s_pollEvent.WaitOne(); // nothing to poll: sleep until a wait arrives
                    pollSleep = 1;
                    continue;
                }
                long ns = Waiter.NanosecondsUntil(nearest, TimeSpan.FromMilliseconds(pollSleep));
                if (ns > 0)
                {
                    _ = s_pollEvent.WaitOne(TimeSpan.FromTicks(Math.Max(1, ns / 100)));
                }
                pollSleep = Math.Min(pollSleep * 2, Waiter.MaxPollMilliseconds);
                continue;
            }
            TimeSpan cap = pending.Count == 0 ? TimeSpan.FromDays(1)
                : wanted.Count < DistinctBuckets(pending) ? TimeSpan.FromMilliseconds(OverflowPollMilliseconds)
                : fenced ? WaitTable.MaxSleep : Waiter.DegradedSleep;
            long sleep = Waiter.NanosecondsUntil(nearest, cap);
            if (sleep <= 0)
            {
                continue;
            }
            fixed (Native.FutexWaitv* first = entries)
            {
                if (!Native.FutexWaitMany(first, count, Native.MonotonicNanoseconds() + sleep))
                {
                    s_noWaitv = true; // a kernel without futex_waitv: poll from now on
                }
            }
        }
    }

    private static int DistinctBuckets(List<AsyncWait> waits)
    {
        var buckets = new HashSet<nint>();
        foreach (AsyncWait wait in waits)
        {
            buckets.Add((nint)wait.Bucket);
        }
        return buckets.Count;
    }

    /// <summary>One pending asynchronous wait.</summary>
    private sealed class AsyncWait(IWaitCondition condition, MappedRegion region, WaitTable.Bucket* bucket, long deadline) : IWaitInterrupt
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MappedRegion Region => region;

        public WaitTable.Bucket* Bucket => bucket;

        public long Deadline => deadline;

        public CancellationTokenRegistration Registration { get; set; }

        public void Interrupt() => Kick();

        /// <summary>Checks the condition and the deadline; completes the task (true, false or the exception) when the wait is over. Returns whether it did.</summary>
        public bool Check()
        {
            if (Completion.Task.IsCompleted)
            {
                return false;
            }
            bool? result;
            try
            {
                result = condition.IsMet() ? true : Stopwatch.GetTimestamp() >= deadline ? false : null;
            }
            catch (Exception e)
            {
                Finish();
                return Completion.TrySetException(e);
            }
            if (result is not bool done)
            {
                return false;
            }
            Finish();
            return Completion.TrySetResult(done);
        }

        private void Finish()
        {
            Registration.Dispose();
            region.RemoveWait(this);
        }
    }
}
