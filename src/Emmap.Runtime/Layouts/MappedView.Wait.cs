namespace Emmap;

// The waits generated layouts expose for their 4- and 8-byte members (docs/waiting.md). Every
// generated setter and atomic of those sizes wakes the member's waiters itself.
public readonly unsafe partial struct MappedView
{
    /// <summary>Waits until the 4- or 8-byte value at <paramref name="offset"/> differs (bitwise) from <paramref name="seen"/>; <see langword="false"/> on timeout.</summary>
    /// <typeparam name="T">An unmanaged type of 4 or 8 bytes.</typeparam>
    /// <param name="offset">The byte offset of the naturally aligned value.</param>
    /// <param name="seen">The value seen.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    public bool WaitForChange<T>(int offset, T seen, TimeSpan timeout, CancellationToken cancellationToken) where T : unmanaged =>
        Waiter.Wait(new ViewCondition<T>(this, offset, seen, atLeast: false), _region!, PrepareWait<T>(offset, timeout), timeout, cancellationToken);

    /// <summary>As <see cref="WaitForChange{T}"/>, without blocking a thread.</summary>
    /// <typeparam name="T">An unmanaged type of 4 or 8 bytes.</typeparam>
    /// <param name="offset">The byte offset of the naturally aligned value.</param>
    /// <param name="seen">The value seen.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    public ValueTask<bool> WaitForChangeAsync<T>(int offset, T seen, TimeSpan timeout, CancellationToken cancellationToken) where T : unmanaged =>
        AsyncWaiter.Wait(new ViewCondition<T>(this, offset, seen, atLeast: false), _region!, PrepareWait<T>(offset, timeout), timeout, cancellationToken);

    /// <summary>Waits until the 4- or 8-byte integer at <paramref name="offset"/> is at least <paramref name="minimum"/>; <see langword="false"/> on timeout.</summary>
    /// <typeparam name="T"><see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or <see cref="ulong"/>.</typeparam>
    /// <param name="offset">The byte offset of the naturally aligned counter.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    public bool WaitUntilAtLeast<T>(int offset, T minimum, TimeSpan timeout, CancellationToken cancellationToken) where T : unmanaged =>
        Waiter.Wait(new ViewCondition<T>(this, offset, minimum, atLeast: true), _region!, PrepareWait<T>(offset, timeout), timeout, cancellationToken);

    /// <summary>As <see cref="WaitUntilAtLeast{T}"/>, without blocking a thread.</summary>
    /// <typeparam name="T"><see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or <see cref="ulong"/>.</typeparam>
    /// <param name="offset">The byte offset of the naturally aligned counter.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    public ValueTask<bool> WaitUntilAtLeastAsync<T>(int offset, T minimum, TimeSpan timeout, CancellationToken cancellationToken) where T : unmanaged =>
        AsyncWaiter.Wait(new ViewCondition<T>(this, offset, minimum, atLeast: true), _region!, PrepareWait<T>(offset, timeout), timeout, cancellationToken);

    private WaitTable.Bucket* PrepareWait<T>(int offset, TimeSpan timeout) where T : unmanaged
    {
        if (sizeof(T) is not (4 or 8))
        {
            throw new ArgumentException($"A wait needs a 4- or 8-byte value; {typeof(T).Name} has {sizeof(T)} bytes.", nameof(T));
        }
        Waiter.CheckTimeout(timeout);
        byte* address = At(offset);
        if (((nuint)address & (nuint)(sizeof(T) - 1)) != 0)
        {
            throw new ArgumentException($"Offset {offset} is misaligned: a wait on {sizeof(T)} bytes needs an address that is a multiple of {sizeof(T)}.", nameof(offset));
        }
        return WaitTable.BucketOf(_region!.WaitSeed, address);
    }
}
