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
/// memory. That is the only check: a call that passed it a moment before a dispose on another
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
        byte* p = At(offset);
        T value;
        if (sizeof(T) == 1) { byte v = Volatile.Read(ref *p); value = Unsafe.As<byte, T>(ref v); }
        else if (sizeof(T) == 2) { ushort v = Volatile.Read(ref *(ushort*)p); value = Unsafe.As<ushort, T>(ref v); }
        else if (sizeof(T) == 4) { uint v = Volatile.Read(ref *(uint*)p); value = Unsafe.As<uint, T>(ref v); }
        else if (sizeof(T) == 8) { ulong v = Volatile.Read(ref *(ulong*)p); value = Unsafe.As<ulong, T>(ref v); }
        else value = Unsafe.ReadUnaligned<T>(p);
        return Done(value);
    }

    /// <summary>Writes a value; values of 1, 2, 4 or 8 bytes are written with release semantics.</summary>
    /// <typeparam name="T">An unmanaged type of at most 8 bytes (a larger one is written unaligned, non-atomically).</typeparam>
    /// <param name="offset">The byte offset of the value.</param>
    /// <param name="value">The value to write.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(int offset, T value) where T : unmanaged
    {
        byte* p = At(offset);
        if (sizeof(T) == 1) Volatile.Write(ref *p, Unsafe.As<T, byte>(ref value));
        else if (sizeof(T) == 2) Volatile.Write(ref *(ushort*)p, Unsafe.As<T, ushort>(ref value));
        else if (sizeof(T) == 4) Volatile.Write(ref *(uint*)p, Unsafe.As<T, uint>(ref value));
        else if (sizeof(T) == 8) Volatile.Write(ref *(ulong*)p, Unsafe.As<T, ulong>(ref value));
        else Unsafe.WriteUnaligned(p, value);
        if (sizeof(T) is 4 or 8)
        {
            WaitTable.Notify(_region!.WaitSeed, p); // wakes waiters of this field, if any (docs/waiting.md)
        }
        GC.KeepAlive(_region); // as Done: the region stays reachable until the store is done
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

    /// <summary>Atomically adds <paramref name="delta"/>; returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned counter.</param>
    /// <param name="delta">The amount to add (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAddInt32(int offset, int delta) => Notified(offset, Interlocked.Add(ref *(int*)At(offset), delta)) - delta;

    /// <summary>Atomically adds <paramref name="delta"/>; returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned counter.</param>
    /// <param name="delta">The amount to add (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAddInt64(int offset, long delta) => Notified(offset, Interlocked.Add(ref *(long*)At(offset), delta)) - delta;

    /// <summary>Atomically adds <paramref name="delta"/>; returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned counter.</param>
    /// <param name="delta">The amount to add (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAddUInt32(int offset, uint delta) => Notified(offset, Interlocked.Add(ref *(uint*)At(offset), delta)) - delta;

    /// <summary>Atomically adds <paramref name="delta"/>; returns the value before the addition.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned counter.</param>
    /// <param name="delta">The amount to add (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAddUInt64(int offset, ulong delta) => Notified(offset, Interlocked.Add(ref *(ulong*)At(offset), delta)) - delta;

    /// <summary>Atomically subtracts <paramref name="delta"/>; returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned counter.</param>
    /// <param name="delta">The amount to subtract (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndSubtractInt32(int offset, int delta) => GetAndAddInt32(offset, unchecked(-delta));

    /// <summary>Atomically subtracts <paramref name="delta"/>; returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned counter.</param>
    /// <param name="delta">The amount to subtract (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndSubtractInt64(int offset, long delta) => GetAndAddInt64(offset, unchecked(-delta));

    /// <summary>Atomically subtracts <paramref name="delta"/>; returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned counter.</param>
    /// <param name="delta">The amount to subtract (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndSubtractUInt32(int offset, uint delta) => GetAndAddUInt32(offset, unchecked(0u - delta));

    /// <summary>Atomically subtracts <paramref name="delta"/>; returns the value before the subtraction.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned counter.</param>
    /// <param name="delta">The amount to subtract (wraps on overflow).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndSubtractUInt64(int offset, ulong delta) => GetAndAddUInt64(offset, unchecked(0ul - delta));

    /// <summary>Atomically ANDs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAndInt32(int offset, int mask) => Notified(offset, Interlocked.And(ref *(int*)At(offset), mask));

    /// <summary>Atomically ANDs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAndInt64(int offset, long mask) => Notified(offset, Interlocked.And(ref *(long*)At(offset), mask));

    /// <summary>Atomically ANDs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAndUInt32(int offset, uint mask) => Notified(offset, Interlocked.And(ref *(uint*)At(offset), mask));

    /// <summary>Atomically ANDs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAndUInt64(int offset, ulong mask) => Notified(offset, Interlocked.And(ref *(ulong*)At(offset), mask));

    /// <summary>Atomically ORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndOrInt32(int offset, int mask) => Notified(offset, Interlocked.Or(ref *(int*)At(offset), mask));

    /// <summary>Atomically ORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndOrInt64(int offset, long mask) => Notified(offset, Interlocked.Or(ref *(long*)At(offset), mask));

    /// <summary>Atomically ORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndOrUInt32(int offset, uint mask) => Notified(offset, Interlocked.Or(ref *(uint*)At(offset), mask));

    /// <summary>Atomically ORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndOrUInt64(int offset, ulong mask) => Notified(offset, Interlocked.Or(ref *(ulong*)At(offset), mask));

    /// <summary>Atomically XORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndXorInt32(int offset, int mask)
    {
        ref int target = ref *(int*)At(offset);
        int current = Volatile.Read(ref target);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref target, current ^ mask, current);
            if (seen == current) return Notified(offset, seen);
            current = seen;
        }
    }

    /// <summary>Atomically XORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndXorInt64(int offset, long mask)
    {
        ref long target = ref *(long*)At(offset);
        long current = Volatile.Read(ref target);
        while (true)
        {
            long seen = Interlocked.CompareExchange(ref target, current ^ mask, current);
            if (seen == current) return Notified(offset, seen);
            current = seen;
        }
    }

    /// <summary>Atomically XORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndXorUInt32(int offset, uint mask) => unchecked((uint)GetAndXorInt32(offset, (int)mask));

    /// <summary>Atomically XORs in <paramref name="mask"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="mask">The mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndXorUInt64(int offset, ulong mask) => unchecked((ulong)GetAndXorInt64(offset, (long)mask));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ExchangeInt32(int offset, int value) => Notified(offset, Interlocked.Exchange(ref *(int*)At(offset), value));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ExchangeInt64(int offset, long value) => Notified(offset, Interlocked.Exchange(ref *(long*)At(offset), value));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ExchangeUInt32(int offset, uint value) => Notified(offset, Interlocked.Exchange(ref *(uint*)At(offset), value));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ExchangeUInt64(int offset, ulong value) => Notified(offset, Interlocked.Exchange(ref *(ulong*)At(offset), value));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareExchangeInt32(int offset, int value, int comparand) => Notified(offset, Interlocked.CompareExchange(ref *(int*)At(offset), value, comparand));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CompareExchangeInt64(int offset, long value, long comparand) => Notified(offset, Interlocked.CompareExchange(ref *(long*)At(offset), value, comparand));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 4-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint CompareExchangeUInt32(int offset, uint value, uint comparand) => Notified(offset, Interlocked.CompareExchange(ref *(uint*)At(offset), value, comparand));

    /// <summary>Atomically stores <paramref name="value"/> if the current value is <paramref name="comparand"/>; returns the value before.</summary>
    /// <param name="offset">The byte offset of the 8-byte-aligned value.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong CompareExchangeUInt64(int offset, ulong value, ulong comparand) => Notified(offset, Interlocked.CompareExchange(ref *(ulong*)At(offset), value, comparand));

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

    /// <summary>
    /// Ends a write: wakes the waiters of the word at <paramref name="offset"/> if there are any
    /// (one load and one branch when there are none; see <c>docs/waiting.md</c>), then as <see cref="Done{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Notified<T>(int offset, T value)
    {
        WaitTable.Notify(_region!.WaitSeed, _address + offset);
        GC.KeepAlive(_region);
        return value;
    }

    // No NoInlining here: the JIT looks into this body, sees it never returns, and so keeps the
    // throw out of the caller's loops (a loop with a call that may return is neither aligned nor
    // kept free of saved registers; measured in docs/benchmarks.md).
    [DoesNotReturn]
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException("Emmap.MappedFile", "The MappedFile this layout view points into has been disposed.");
}
