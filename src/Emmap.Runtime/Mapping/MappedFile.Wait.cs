namespace Emmap;

// Waiting for a value to change, across processes, without polling (docs/waiting.md). Every atomic
// and volatile write of this class wakes the waiters of its word; WriteAt (bytes) does not: call
// Notify after it.
public sealed unsafe partial class MappedFile
{
    /// <summary>
    /// Waits until the int at <paramref name="position"/> differs from <paramref name="expected"/>,
    /// whichever process changes it. Returns at once when it already differs. On Linux the thread
    /// sleeps in the kernel until a write through Emmap's atomics, volatile writes or generated
    /// accessors (in any process) or a <see cref="Notify"/> wakes it; elsewhere it polls with a
    /// growing sleep (see <c>docs/waiting.md</c>).
    /// </summary>
    /// <param name="position">The position; a multiple of 4. Works on a read-only mapping.</param>
    /// <param name="expected">The value seen: the wait ends when the value is anything else.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when the value differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForChangeInt32(long position, int expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        MappedRegion region = PrepareWait(position, 4, timeout, out WaitTable.Bucket* bucket);
        return Waiter.Wait(new FileValueChanged(this, position, expected, 4), region, bucket, timeout, cancellationToken);
    }

    /// <summary>As <see cref="WaitForChangeInt32"/> for the long at <paramref name="position"/>.</summary>
    /// <param name="position">The position; a multiple of 8. Works on a read-only mapping.</param>
    /// <param name="expected">The value seen: the wait ends when the value is anything else.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when the value differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed, before or during the wait.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool WaitForChangeInt64(long position, long expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        MappedRegion region = PrepareWait(position, 8, timeout, out WaitTable.Bucket* bucket);
        return Waiter.Wait(new FileValueChanged(this, position, expected, 8), region, bucket, timeout, cancellationToken);
    }

    /// <summary>
    /// As <see cref="WaitForChangeInt32"/>, without blocking a thread: one thread per process sleeps
    /// for every pending asynchronous wait, and the task completes on the thread pool.
    /// </summary>
    /// <param name="position">The position; a multiple of 4. Works on a read-only mapping.</param>
    /// <param name="expected">The value seen: the wait ends when the value is anything else.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when the value differs, <see langword="false"/> when the timeout passed first; completed at once (without allocating) when the value already differs.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForChangeInt32Async(long position, int expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        MappedRegion region = PrepareWait(position, 4, timeout, out WaitTable.Bucket* bucket);
        return AsyncWaiter.Wait(new FileValueChanged(this, position, expected, 4), region, bucket, timeout, cancellationToken);
    }

    /// <summary>As <see cref="WaitForChangeInt32Async"/> for the long at <paramref name="position"/>.</summary>
    /// <param name="position">The position; a multiple of 8. Works on a read-only mapping.</param>
    /// <param name="expected">The value seen: the wait ends when the value is anything else.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to only check.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when the value differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForChangeInt64Async(long position, long expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        MappedRegion region = PrepareWait(position, 8, timeout, out WaitTable.Bucket* bucket);
        return AsyncWaiter.Wait(new FileValueChanged(this, position, expected, 8), region, bucket, timeout, cancellationToken);
    }

    /// <summary>
    /// Wakes the waiters, in every process, of the 8-byte word that holds <paramref name="position"/>:
    /// after changing it with <see cref="WriteAt"/> or through a lease, which do not wake anyone
    /// themselves. Makes no system call when nobody waits. The atomics and volatile writes notify
    /// on their own.
    /// </summary>
    /// <param name="position">A position inside the mapping.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is not inside the mapping.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed.</exception>
    public void Notify(long position)
    {
        MappedRegion region = Current();
        CheckRange(region, position, 1);
        WaitTable.Notify(region.WaitSeed, region.Pointer + position);
        GC.KeepAlive(region);
    }

    /// <summary>The current mapping's <see cref="MappedRegion.WaitSeed"/>, for a type that keeps a pointer into it (under a lease).</summary>
    internal ulong WaitSeed => Current().WaitSeed;

    /// <summary>Validates a wait's position and timeout; returns the region and the word's bucket.</summary>
    private MappedRegion PrepareWait(long position, int size, TimeSpan timeout, out WaitTable.Bucket* bucket)
    {
        Waiter.CheckTimeout(timeout);
        CheckAtomic(position, size, write: false);
        MappedRegion region = Current();
        bucket = WaitTable.BucketOf(region.WaitSeed, region.Pointer + position);
        return region;
    }
}
