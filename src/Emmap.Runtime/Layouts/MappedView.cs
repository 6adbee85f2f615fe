using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A window onto mapped memory at a fixed address: the handle every generated layout struct holds.
/// Copying it copies the handle, never the data.
/// </summary>
/// <remarks>
/// For generated code. Offsets are not bounds-checked here: binding checked once that the layout's
/// <c>Size</c> bytes are mapped and aligned, and the generator only emits offsets inside the layout.
/// What every member does check is that the owning <c>MappedFile</c> is still open, so a view
/// used after its file is disposed throws <see cref="ObjectDisposedException"/> instead of touching
/// memory; and every write and atomic also checks that the file was opened for writing, so a view
/// of a file opened with <see cref="MapAccess.Read"/> (mapped read-only) throws
/// <see cref="UnauthorizedAccessException"/> naming the path before any store. Each is one compare
/// (reads against the open sentinel, writes against the writable one). That is the only check: a call that passed it a moment before a dispose on another
/// thread still reads or writes the file's own bytes, because the mapping under a view stays until
/// no view can reach it (see <c>MappedRegion</c>). Reads and writes of 1, 2, 4 and 8 bytes are
/// volatile (acquire/release). A <see langword="default"/> (never bound) view throws
/// <see cref="NullReferenceException"/>, as a default <c>ImmutableArray&lt;T&gt;</c> does, so that
/// the check stays one compare.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe partial struct MappedView
{
    private readonly MappedRegion? _region;
    private readonly byte* _address;

    internal MappedView(MappedRegion region, byte* address)
    {
        _region = region;
        _address = address;
    }

    /// <summary>Whether this view was bound to a mapping (a <see langword="default"/> view is not).</summary>
    public bool IsBound => _region is not null;

    /// <summary>Whether the file this view points into is still open.</summary>
    public bool IsOpen => _region is { Closed: false };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* At(int offset)
    {
        // One compare: a default view's null region faults here into a NullReferenceException.
        if (!ReferenceEquals(_region!.Self, _region))
        {
            ThrowDisposed();
        }
        return _address + offset;
    }

    /// <summary>
    /// The one write path of every view: the address of <paramref name="offset"/> for a store, after
    /// one compare against the region's writability sentinel (<see cref="MappedRegion.WriteSelf"/>:
    /// the region while it is open and writable, <see langword="null"/> when read-only or closed).
    /// <see cref="Write{T}"/>, every read-modify-write (<see cref="Apply{T, TOperation}"/>, which
    /// <see cref="AtomicCounterArray{T}"/> runs too), and so every generated setter and atomic, get
    /// their address here; any new runtime code that stores through a view must too, since a store
    /// into a read-only (<c>PROT_READ</c>) mapping kills the process (docs/architecture.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal byte* WriteAddress(int offset)
    {
        // One compare, as At's: a default view's null region faults here into a NullReferenceException.
        if (!ReferenceEquals(_region!.WriteSelf, _region))
        {
            ThrowRefusedWrite(_region);
        }
        return _address + offset;
    }

    /// <summary>A view of the same mapping starting <paramref name="offset"/> bytes further on.</summary>
    /// <param name="offset">The byte offset of the nested layout inside this one.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MappedView Slice(int offset) => new(_region!, At(offset));

    /// <summary>The nested layout that starts <paramref name="offset"/> bytes into this view.</summary>
    /// <typeparam name="T">The nested layout struct.</typeparam>
    /// <param name="offset">The byte offset of the nested layout inside this one.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Nested<T>(int offset) where T : struct, IMappedLayout<T> => T.FromView(Slice(offset));

    /// <summary>Reads a value; values of 1, 2, 4 or 8 bytes are read with acquire semantics.</summary>
    /// <typeparam name="T">An unmanaged type of at most 8 bytes (a larger one is read unaligned, non-atomically).</typeparam>
    /// <param name="offset">The byte offset of the value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read<T>(int offset) where T : unmanaged
    {
        return Done(Load<T>(At(offset)));
    }

    /// <summary>The load every read shares: volatile (acquire) for 1, 2, 4 and 8 bytes, unaligned otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Load<T>(byte* p) where T : unmanaged
    {
        if (sizeof(T) == 1) { byte v = Volatile.Read(ref *p); return Unsafe.As<byte, T>(ref v); }
        if (sizeof(T) == 2) { ushort v = Volatile.Read(ref *(ushort*)p); return Unsafe.As<ushort, T>(ref v); }
        if (sizeof(T) == 4) { uint v = Volatile.Read(ref *(uint*)p); return Unsafe.As<uint, T>(ref v); }
        if (sizeof(T) == 8) { ulong v = Volatile.Read(ref *(ulong*)p); return Unsafe.As<ulong, T>(ref v); }
        return Unsafe.ReadUnaligned<T>(p);
    }

    /// <summary>Writes a value; values of 1, 2, 4 or 8 bytes are written with release semantics.</summary>
    /// <typeparam name="T">An unmanaged type of at most 8 bytes (a larger one is written unaligned, non-atomically).</typeparam>
    /// <param name="offset">The byte offset of the value.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only (<see cref="MapAccess.Read"/>); nothing is written.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(int offset, T value) where T : unmanaged
    {
        byte* p = WriteAddress(offset);
        Store(p, value);
        if ((sizeof(T) is 4 or 8) && WaitTable.AnyWaiters)
        {
            WaitTable.NotifySlow(_region!.WaitSeed, p); // wakes waiters of this field, if any (docs/waiting.md)
        }
        GC.KeepAlive(_region); // as Done: the region stays reachable until the store is done
    }

    /// <summary>
    /// For generated code: <see cref="Write{T}"/> without waking waiters, for a field declared
    /// <c>[Field(offset, Waitable = false)]</c> (no wait on it is generated): a plain release store.
    /// </summary>
    /// <typeparam name="T">An unmanaged type of at most 8 bytes.</typeparam>
    /// <param name="offset">The byte offset of the value.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="UnauthorizedAccessException">The file was opened read-only (<see cref="MapAccess.Read"/>); nothing is written.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteWithoutWake<T>(int offset, T value) where T : unmanaged
    {
        Store(WriteAddress(offset), value);
        GC.KeepAlive(_region); // as Done: the region stays reachable until the store is done
    }

    /// <summary>The store every write shares: volatile (release) for 1, 2, 4 and 8 bytes, unaligned otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(byte* p, T value) where T : unmanaged
    {
        if (sizeof(T) == 1) Volatile.Write(ref *p, Unsafe.As<T, byte>(ref value));
        else if (sizeof(T) == 2) Volatile.Write(ref *(ushort*)p, Unsafe.As<T, ushort>(ref value));
        else if (sizeof(T) == 4) Volatile.Write(ref *(uint*)p, Unsafe.As<T, uint>(ref value));
        else if (sizeof(T) == 8) Volatile.Write(ref *(ulong*)p, Unsafe.As<T, ulong>(ref value));
        else Unsafe.WriteUnaligned(p, value);
    }

    /// <summary>Reads a <see cref="bool"/> stored as one byte: any non-zero byte is <see langword="true"/>.</summary>
    /// <param name="offset">The byte offset of the value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBoolean(int offset) => Read<byte>(offset) != 0;

    /// <summary>Writes a <see cref="bool"/> as one byte, 1 or 0.</summary>
    /// <param name="offset">The byte offset of the value.</param>
    /// <param name="value">The value to write.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBoolean(int offset, bool value) => Write<byte>(offset, value ? (byte)1 : (byte)0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="delta">The amount to add.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAddInt32(int offset, int delta) => Apply<int, AtomicAdd>(offset, delta, 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="delta">The amount to add.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAddInt64(int offset, long delta) => Apply<long, AtomicAdd>(offset, delta, 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="delta">The amount to add.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAddUInt32(int offset, uint delta) => unchecked((uint)Apply<int, AtomicAdd>(offset, unchecked((int)delta), 0));

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="delta">The amount to add.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAddUInt64(int offset, ulong delta) => unchecked((ulong)Apply<long, AtomicAdd>(offset, unchecked((long)delta), 0));

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="delta">The amount to subtract.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndSubtractInt32(int offset, int delta) => Apply<int, AtomicAdd>(offset, unchecked(-delta), 0);

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="delta">The amount to subtract.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndSubtractInt64(int offset, long delta) => Apply<long, AtomicAdd>(offset, unchecked(-delta), 0);

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="delta">The amount to subtract.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndSubtractUInt32(int offset, uint delta) => unchecked((uint)Apply<int, AtomicAdd>(offset, unchecked(-(int)delta), 0));

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="delta">The amount to subtract.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndSubtractUInt64(int offset, ulong delta) => unchecked((ulong)Apply<long, AtomicAdd>(offset, unchecked(-(long)delta), 0));

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAndInt32(int offset, int mask) => Apply<int, AtomicAnd>(offset, mask, 0);

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAndInt64(int offset, long mask) => Apply<long, AtomicAnd>(offset, mask, 0);

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAndUInt32(int offset, uint mask) => unchecked((uint)Apply<int, AtomicAnd>(offset, unchecked((int)mask), 0));

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAndUInt64(int offset, ulong mask) => unchecked((ulong)Apply<long, AtomicAnd>(offset, unchecked((long)mask), 0));

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndOrInt32(int offset, int mask) => Apply<int, AtomicOr>(offset, mask, 0);

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndOrInt64(int offset, long mask) => Apply<long, AtomicOr>(offset, mask, 0);

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndOrUInt32(int offset, uint mask) => unchecked((uint)Apply<int, AtomicOr>(offset, unchecked((int)mask), 0));

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndOrUInt64(int offset, ulong mask) => unchecked((ulong)Apply<long, AtomicOr>(offset, unchecked((long)mask), 0));

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndXorInt32(int offset, int mask) => Apply<int, AtomicXor>(offset, mask, 0);

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndXorInt64(int offset, long mask) => Apply<long, AtomicXor>(offset, mask, 0);

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndXorUInt32(int offset, uint mask) => unchecked((uint)Apply<int, AtomicXor>(offset, unchecked((int)mask), 0));

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndXorUInt64(int offset, ulong mask) => unchecked((ulong)Apply<long, AtomicXor>(offset, unchecked((long)mask), 0));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ExchangeInt32(int offset, int value) => Apply<int, AtomicExchange>(offset, value, 0);

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ExchangeInt64(int offset, long value) => Apply<long, AtomicExchange>(offset, value, 0);

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ExchangeUInt32(int offset, uint value) => unchecked((uint)Apply<int, AtomicExchange>(offset, unchecked((int)value), 0));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ExchangeUInt64(int offset, ulong value) => unchecked((ulong)Apply<long, AtomicExchange>(offset, unchecked((long)value), 0));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareExchangeInt32(int offset, int value, int comparand) => Apply<int, AtomicCompareExchange>(offset, value, comparand);

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CompareExchangeInt64(int offset, long value, long comparand) => Apply<long, AtomicCompareExchange>(offset, value, comparand);

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint CompareExchangeUInt32(int offset, uint value, uint comparand) => unchecked((uint)Apply<int, AtomicCompareExchange>(offset, unchecked((int)value), unchecked((int)comparand)));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong CompareExchangeUInt64(int offset, ulong value, ulong comparand) => unchecked((ulong)Apply<long, AtomicCompareExchange>(offset, unchecked((long)value), unchecked((long)comparand)));

    /// <summary>
    /// The one path of every read-modify-write through a view: the operation is the runtime's
    /// shared implementation (<c>src/Emmap.Runtime/Atomics</c>), the same one <c>MappedFile</c>
    /// and <c>MappedCounters</c> run, specialized by the JIT for each operation. Internal so that
    /// <see cref="AtomicCounterArray{T}"/> runs its element operations through it too. It then wakes
    /// the word's waiters, if there are any: one load and one branch while nobody on the machine
    /// waits (docs/waiting.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T Apply<T, TOperation>(int offset, T operand, T comparand)
        where T : unmanaged
        where TOperation : struct, IAtomicOperation<T>
    {
        byte* address = WriteAddress(offset);
        T before = TOperation.Apply(ref Unsafe.AsRef<T>(address), operand, comparand);
        if (WaitTable.AnyWaiters)
        {
            WaitTable.NotifySlow(_region!.WaitSeed, address);
        }
        return Done(before);
    }

    /// <summary>
    /// Ends an access: keeps the region (and so its addresses) reachable until the access is done,
    /// so the finalizer cannot unmap it under a view that is used for the last time. Costs nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Done<T>(T value)
    {
        GC.KeepAlive(_region);
        return value;
    }

    // No NoInlining here: the JIT looks into this body, sees it never returns, and so keeps the
    // throw out of the caller's loops (a loop with a call that may return is neither aligned nor
    // kept free of saved registers; measured in docs/benchmarks.md).
    [DoesNotReturn]
    private static void ThrowRefusedWrite(MappedRegion region) => throw region.RefusedWrite();

    [DoesNotReturn]
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException("Emmap.MappedFile", "The MappedFile this layout view points into has been disposed.");
}
