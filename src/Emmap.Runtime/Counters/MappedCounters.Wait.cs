using System.Runtime.CompilerServices;

namespace Emmap;

// Waiting on one counter, across processes, without polling (docs/waiting.md). Every operation of
// this class that changes a counter wakes that counter's waiters.
public sealed unsafe partial class MappedCounters
{
    /// <summary>The mapping's wait seed (see <c>MappedRegion.WaitSeed</c>): with a counter's address, its side-table bucket.</summary>
    private readonly ulong _waitSeed;

    /// <summary>
    /// Waits until counter <paramref name="index"/> differs from <paramref name="expected"/>, whichever
    /// process changes it; returns at once when it already does. On Linux the thread sleeps in the
    /// kernel until a change wakes it; elsewhere it polls with a growing sleep (<c>docs/waiting.md</c>).
    /// Works on counters opened read-only.
    /// </summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="expected">The value seen.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when the counter differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The counters are disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForChange(int index, long expected, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Waiter.Wait(new CounterCondition(this, index, expected, atLeast: false), Region, PrepareWait(index, timeout), timeout, cancellationToken);

    /// <summary>As <see cref="WaitForChange"/>, without blocking a thread (one thread per process sleeps for all asynchronous waits).</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="expected">The value seen.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when the counter differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The counters are disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForChangeAsync(int index, long expected, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AsyncWaiter.Wait(new CounterCondition(this, index, expected, atLeast: false), Region, PrepareWait(index, timeout), timeout, cancellationToken);

    /// <summary>Waits until counter <paramref name="index"/> is at least <paramref name="minimum"/>; as <see cref="WaitForChange"/> otherwise.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when the counter is at least <paramref name="minimum"/>, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The counters are disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitUntilAtLeast(int index, long minimum, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Waiter.Wait(new CounterCondition(this, index, minimum, atLeast: true), Region, PrepareWait(index, timeout), timeout, cancellationToken);

    /// <summary>As <see cref="WaitUntilAtLeast"/>, without blocking a thread.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when the counter is at least <paramref name="minimum"/>, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The counters are disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitUntilAtLeastAsync(int index, long minimum, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AsyncWaiter.Wait(new CounterCondition(this, index, minimum, atLeast: true), Region, PrepareWait(index, timeout), timeout, cancellationToken);

    /// <summary>The mapping the counters live in (its dispose ends their waits).</summary>
    private MappedRegion Region => ((MappedMemoryLease)_lease).Region;

    /// <summary>Wakes counter <paramref name="index"/>'s waiters, if any: one load and one branch while nobody on the machine waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Notify(int index)
    {
        if (WaitTable.AnyWaiters)
        {
            WaitTable.NotifySlow(_waitSeed, _first + ((nint)index << _shift));
        }
    }

    private WaitTable.Bucket* PrepareWait(int index, TimeSpan timeout)
    {
        Waiter.CheckTimeout(timeout);
        if ((uint)index >= _readable)
        {
            ThrowBadIndex(index, write: false);
        }
        return WaitTable.BucketOf(_waitSeed, _first + ((nint)index << _shift));
    }
}
