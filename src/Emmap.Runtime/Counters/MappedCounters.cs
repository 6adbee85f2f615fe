using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Persistent atomic 64-bit counters in a memory-mapped file, shared by every process that opens the
/// file (emmap's <c>open_counters</c>, <c>inc_counter</c>, <c>set_counter</c>, <c>read_counter</c>).
/// Every read-modify-write is one atomic instruction on the shared memory and returns the value
/// <b>before</b> the operation, so each caller of <see cref="GetAndIncrement"/> gets a distinct
/// number even across processes.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> The counters live in the operating system's page cache, which every
/// process mapping the file shares. A change is visible to other processes at once and survives the
/// death of any process, killed or crashed, the moment the call returns: nothing is buffered in the
/// process. It reaches the disk when the kernel writes the page back (within about 30 seconds on
/// Linux) or when <see cref="Flush"/> returns; only a crash of the machine or a power loss can lose
/// changes made after the last <see cref="Flush"/>.</para>
/// <para><b>Formats.</b> <see cref="CountersFormat.Emmap"/> (the default) is Erlang emmap's format
/// byte for byte; <see cref="CountersFormat.Padded"/> gives each counter its own 128-byte slot
/// against false sharing. The file's header says which it is (<c>docs/file-formats.md</c>).</para>
/// <para><b>Thread safety.</b> Every member may be called from many threads and processes at once,
/// <see cref="Dispose"/> included: a call that starts after it throws <see cref="ObjectDisposedException"/>,
/// and one that Dispose overtakes on another thread throws it too (a change may or may not have
/// reached the file then); none touches unmapped memory. Counter operations take no lock and
/// allocate nothing.</para>
/// </remarks>
public sealed unsafe partial class MappedCounters : IDisposable
{
    /// <summary>The largest count a file may hold (2^23): a padded file of that count is 1 GiB.</summary>
    public const int MaxCount = 1 << 23;

    private const UnixFileMode DefaultCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly MappedFile _file;
    private readonly IMemoryOwner<byte> _lease;
    private readonly CountersLayout _layout;
    private readonly bool _created;

    /// <summary>Counter 0's address; counter i is at <c>_first + (i &lt;&lt; _shift)</c>.</summary>
    private readonly byte* _first;
    private readonly int _shift;

    /// <summary>The count while open, 0 once disposed: one unsigned compare checks index and disposal.</summary>
    private uint _readable;

    /// <summary>As <see cref="_readable"/>, and also 0 when the file is open read-only.</summary>
    private uint _writable;

    private int _disposed;

    private MappedCounters(MappedFile file, CountersLayout layout, bool created)
    {
        _file = file;
        _layout = layout;
        _created = created;
        try
        {
            // The lease pins the mapping for as long as this instance uses the raw pointer.
            _lease = file.LeaseRegion(0, checked((int)layout.FileLength)); // read-only too: writes are refused by _writable
            _first = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_lease.Memory.Span)) + layout.HeaderLength;
        }
        catch
        {
            file.Dispose();
            throw;
        }
        _shift = layout.Shift;
        _waitSeed = file.WaitSeed;
        _readable = (uint)layout.Count;
        _writable = file.CanWrite ? (uint)layout.Count : 0;
    }

    /// <summary>The number of counters; valid indexes are 0 to <c>Count - 1</c>.</summary>
    public int Count
    {
        get
        {
            ThrowIfDisposed();
            return _layout.Count;
        }
    }

    /// <summary>The file's format, as its header declares.</summary>
    public CountersFormat Format
    {
        get
        {
            ThrowIfDisposed();
            return _layout.Format;
        }
    }

    /// <summary>The full path of the file.</summary>
    public string Path
    {
        get
        {
            ThrowIfDisposed();
            return _file.Path!;
        }
    }

    /// <summary>Whether this call created the file (rather than opening one that existed).</summary>
    public bool Created
    {
        get
        {
            ThrowIfDisposed();
            return _created;
        }
    }

    /// <summary>Whether the counters may be changed (the file was not opened with <see cref="MapAccess.Read"/>).</summary>
    public bool CanWrite
    {
        get
        {
            ThrowIfDisposed();
            return _writable != 0;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has run. The one member that does not throw afterwards.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Reads counter <paramref name="index"/> (emmap's <c>read_counter</c>) with a volatile (acquire) load; never torn.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadVolatile(int index)
    {
        if ((uint)index >= _readable)
        {
            ThrowBadIndex(index, write: false);
        }
        long value = Volatile.Read(ref Slot(index));
        if (Volatile.Read(ref _readable) == 0)
        {
            ThrowIfDisposed(); // overtaken by Dispose: the value may come from the zero pages that replaced the file's
        }
        return value;
    }

    /// <summary>Writes counter <paramref name="index"/> with a volatile (release) store.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatile(int index, long value) => Apply<VolatileStore>(index, value, 0);

    /// <summary>
    /// Atomically adds 1 to counter <paramref name="index"/> and returns the value <b>before</b>, so
    /// concurrent callers, in any process, each get a different number.
    /// </summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The value before the increment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndIncrement(int index) => Apply<AtomicAdd>(index, 1, 0);

    /// <summary>Atomically subtracts 1 from counter <paramref name="index"/> and returns the value <b>before</b>.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The value before the decrement.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndDecrement(int index) => Apply<AtomicAdd>(index, -1, 0);

    /// <summary>
    /// Atomically adds <paramref name="delta"/> to counter <paramref name="index"/> (emmap's
    /// <c>inc_counter</c>; wraps on overflow) and returns the value <b>before</b> the addition.
    /// </summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="delta">The amount to add.</param>
    /// <returns>The value before the addition.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAdd(int index, long delta) => Apply<AtomicAdd>(index, delta, 0);

    /// <summary>Atomically subtracts <paramref name="delta"/> from counter <paramref name="index"/> (emmap's <c>dec_counter</c>; wraps on overflow) and returns the value <b>before</b> the subtraction.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <returns>The value before the subtraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndSubtract(int index, long delta) => Apply<AtomicAdd>(index, unchecked(-delta), 0);

    /// <summary>Atomically ANDs <paramref name="mask"/> into counter <paramref name="index"/> and returns the value <b>before</b>.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAnd(int index, long mask) => Apply<AtomicAnd>(index, mask, 0);

    /// <summary>Atomically ORs <paramref name="mask"/> into counter <paramref name="index"/> and returns the value <b>before</b>.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndOr(int index, long mask) => Apply<AtomicOr>(index, mask, 0);

    /// <summary>Atomically XORs <paramref name="mask"/> into counter <paramref name="index"/> and returns the value <b>before</b>.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndXor(int index, long mask) => Apply<AtomicXor>(index, mask, 0);

    /// <summary>Atomically sets counter <paramref name="index"/> to <paramref name="value"/> (emmap's <c>set_counter</c>) and returns the value <b>before</b>.</summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value before.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Exchange(int index, long value) => Apply<AtomicExchange>(index, value, 0);

    /// <summary>
    /// Atomically sets counter <paramref name="index"/> to <paramref name="value"/> if it equals
    /// <paramref name="comparand"/>, and returns the value <b>before</b>, which equals
    /// <paramref name="comparand"/> exactly when the value was set (as <see cref="Interlocked.CompareExchange(ref long, long, long)"/>).
    /// </summary>
    /// <param name="index">The counter, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="value">The value to set on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <returns>The value before.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a counter of this file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only.</exception>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CompareExchange(int index, long value, long comparand) => Apply<AtomicCompareExchange>(index, value, comparand);

    /// <summary>
    /// The one checked path of every change: one unsigned compare rejects a bad index, a read-only
    /// file and a disposed one; the operation is the runtime's shared implementation
    /// (<c>src/Emmap.Runtime/Atomics</c>); the check after it catches a <see cref="Dispose"/> that
    /// overtook the call, whose change may have gone to the zero pages that replaced the file's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Apply<TOperation>(int index, long operand, long comparand) where TOperation : struct, IAtomicOperation<long>
    {
        if ((uint)index >= _writable)
        {
            ThrowBadIndex(index, write: true);
        }
        long before = TOperation.Apply(ref Slot(index), operand, comparand);
        if (Volatile.Read(ref _writable) == 0)
        {
            ThrowOvertaken();
        }
        Notify(index); // wakes the counter's waiters, if any: a load and a branch otherwise (docs/waiting.md)
        return before;
    }

    /// <summary>
    /// Writes the counters to disk and waits until they are there (<c>msync</c> and <c>fsync</c>).
    /// Not needed for other processes to see the counters, nor to survive any process's death (the
    /// page cache already holds them); needed only against a machine crash or power loss.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The counters have been disposed.</exception>
    public void Flush()
    {
        ThrowIfDisposed();
        _file.Flush();
    }

    /// <summary>
    /// Unmaps the counters and closes the file; the values stay in the file. Idempotent; every other
    /// member throws <see cref="ObjectDisposedException"/> afterwards. Does not flush: the counters
    /// are already in the page cache (call <see cref="Flush"/> first to guard against a machine crash).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Volatile.Write(ref _readable, 0u);
        Volatile.Write(ref _writable, 0u);
        Interlocked.MemoryBarrier(); // both zeros are visible before the pages are swapped for zero pages
        _lease.Dispose();
        _file.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Slot(int index) => ref *(long*)(_first + ((nint)index << _shift));

    /// <summary>Throws the exception a failed index check deserves: disposed, read-only, or out of range.</summary>
    [DoesNotReturn]
    private void ThrowBadIndex(int index, bool write)
    {
        ThrowIfDisposed();
        if (write && !_file.CanWrite)
        {
            throw new UnauthorizedAccessException($"The counters file '{_file.Path}' is open read-only (MapAccess.Read); counter {index} cannot be changed.");
        }
        throw new ArgumentOutOfRangeException(nameof(index), index,
            $"Counter index {index} is out of range: '{_file.Path}' has {_layout.Count} counters (indexes 0 to {_layout.Count - 1}).");
    }

    [DoesNotReturn]
    private static void ThrowOvertaken() =>
        throw new ObjectDisposedException(nameof(MappedCounters),
            "The MappedCounters was disposed while this operation ran on another thread; the change may or may not have reached the file.");

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(MappedCounters), "The MappedCounters has been disposed.");
        }
    }
}
