namespace Emmap;

// Waiting on one element, across processes, without polling (docs/waiting.md). Every operation
// on an element wakes that element's waiters.
public readonly partial struct AtomicCounterArray<T>
{
    /// <summary>Waits until the element at <paramref name="index"/> differs from <paramref name="seen"/>, whichever process changes it; returns at once if it already does.</summary>
    /// <param name="index">The element, 0 to <see cref="Length"/> - 1.</param>
    /// <param name="seen">The value seen.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when it differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed, before or during the wait.</exception>
    public bool WaitForChange(int index, T seen, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _view.WaitForChange(OffsetOf(index), seen, timeout, cancellationToken);

    /// <summary>As <see cref="WaitForChange"/>, without blocking a thread.</summary>
    /// <param name="index">The element, 0 to <see cref="Length"/> - 1.</param>
    /// <param name="seen">The value seen.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when it differs, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitForChangeAsync(int index, T seen, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _view.WaitForChangeAsync(OffsetOf(index), seen, timeout, cancellationToken);

    /// <summary>Waits until the element at <paramref name="index"/> is at least <paramref name="minimum"/>; returns at once if it already is.</summary>
    /// <param name="index">The element, 0 to <see cref="Length"/> - 1.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when it is at least <paramref name="minimum"/>, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed, before or during the wait.</exception>
    public bool WaitUntilAtLeast(int index, T minimum, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _view.WaitUntilAtLeast(OffsetOf(index), minimum, timeout, cancellationToken);

    /// <summary>As <see cref="WaitUntilAtLeast"/>, without blocking a thread.</summary>
    /// <param name="index">The element, 0 to <see cref="Length"/> - 1.</param>
    /// <param name="minimum">The value to reach.</param>
    /// <param name="timeout">The longest wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns><see langword="true"/> when it is at least <paramref name="minimum"/>, <see langword="false"/> when the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range, or <paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed (the task faults with it when that happens during the wait).</exception>
    public ValueTask<bool> WaitUntilAtLeastAsync(int index, T minimum, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _view.WaitUntilAtLeastAsync(OffsetOf(index), minimum, timeout, cancellationToken);
}
