using System.Runtime.CompilerServices;

namespace Emmap;

// Atomics and volatile access at a position (emmap's patomic_*). Every read-modify-write returns
// the value before the operation. All go through one checked path: one range check that also
// rejects a disposed or read-only file, and one alignment check.
public sealed unsafe partial class MappedFile
{

    /// <summary>Reads the int at <paramref name="position"/> with a volatile (acquire) load; works on a read-only mapping.</summary>
    /// <param name="position">The position; a multiple of 4.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadVolatileInt32(long position) => ReadVolatile<int>(position);

    /// <summary>Writes the int at <paramref name="position"/> with a volatile (release) store.</summary>
    /// <param name="position">The position; a multiple of 4.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping (volatile writes never grow it).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatileInt32(long position, int value) => Atomic<int, VolatileStore>(position, value, 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="delta">The amount to add.</param>
    /// <returns>The value before the addition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAddInt32(long position, int delta) => Atomic<int, AtomicAdd>(position, delta, 0);

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <returns>The value before the subtraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndSubtractInt32(long position, int delta) => Atomic<int, AtomicAdd>(position, unchecked(-delta), 0);

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndAndInt32(long position, int mask) => Atomic<int, AtomicAnd>(position, mask, 0);

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndOrInt32(long position, int mask) => Atomic<int, AtomicOr>(position, mask, 0);

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetAndXorInt32(long position, int mask) => Atomic<int, AtomicXor>(position, mask, 0);

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before the exchange.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value before the exchange.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ExchangeInt32(long position, int value) => Atomic<int, AtomicExchange>(position, value, 0);

    /// <summary>Atomically stores <paramref name="value"/> if the current value equals <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="position">The position of the int; a multiple of 4.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareExchangeInt32(long position, int value, int comparand) => Atomic<int, AtomicCompareExchange>(position, value, comparand);

    /// <summary>Reads the long at <paramref name="position"/> with a volatile (acquire) load; works on a read-only mapping.</summary>
    /// <param name="position">The position; a multiple of 8.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadVolatileInt64(long position) => ReadVolatile<long>(position);

    /// <summary>Writes the long at <paramref name="position"/> with a volatile (release) store.</summary>
    /// <param name="position">The position; a multiple of 8.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping (volatile writes never grow it).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatileInt64(long position, long value) => Atomic<long, VolatileStore>(position, value, 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="delta">The amount to add.</param>
    /// <returns>The value before the addition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAddInt64(long position, long delta) => Atomic<long, AtomicAdd>(position, delta, 0);

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <returns>The value before the subtraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndSubtractInt64(long position, long delta) => Atomic<long, AtomicAdd>(position, unchecked(-delta), 0);

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAndInt64(long position, long mask) => Atomic<long, AtomicAnd>(position, mask, 0);

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndOrInt64(long position, long mask) => Atomic<long, AtomicOr>(position, mask, 0);

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndXorInt64(long position, long mask) => Atomic<long, AtomicXor>(position, mask, 0);

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before the exchange.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value before the exchange.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ExchangeInt64(long position, long value) => Atomic<long, AtomicExchange>(position, value, 0);

    /// <summary>Atomically stores <paramref name="value"/> if the current value equals <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="position">The position of the long; a multiple of 8.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CompareExchangeInt64(long position, long value, long comparand) => Atomic<long, AtomicCompareExchange>(position, value, comparand);

    /// <summary>Reads the uint at <paramref name="position"/> with a volatile (acquire) load; works on a read-only mapping.</summary>
    /// <param name="position">The position; a multiple of 4.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVolatileUInt32(long position) => unchecked((uint)ReadVolatile<int>(position));

    /// <summary>Writes the uint at <paramref name="position"/> with a volatile (release) store.</summary>
    /// <param name="position">The position; a multiple of 4.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping (volatile writes never grow it).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatileUInt32(long position, uint value) => Atomic<int, VolatileStore>(position, unchecked((int)value), 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="delta">The amount to add.</param>
    /// <returns>The value before the addition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAddUInt32(long position, uint delta) => unchecked((uint)Atomic<int, AtomicAdd>(position, unchecked((int)delta), 0));

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <returns>The value before the subtraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndSubtractUInt32(long position, uint delta) => unchecked((uint)Atomic<int, AtomicAdd>(position, unchecked((int)(0 - delta)), 0));

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndAndUInt32(long position, uint mask) => unchecked((uint)Atomic<int, AtomicAnd>(position, unchecked((int)mask), 0));

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndOrUInt32(long position, uint mask) => unchecked((uint)Atomic<int, AtomicOr>(position, unchecked((int)mask), 0));

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetAndXorUInt32(long position, uint mask) => unchecked((uint)Atomic<int, AtomicXor>(position, unchecked((int)mask), 0));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before the exchange.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value before the exchange.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ExchangeUInt32(long position, uint value) => unchecked((uint)Atomic<int, AtomicExchange>(position, unchecked((int)value), 0));

    /// <summary>Atomically stores <paramref name="value"/> if the current value equals <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="position">The position of the uint; a multiple of 4.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 4-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint CompareExchangeUInt32(long position, uint value, uint comparand) => unchecked((uint)Atomic<int, AtomicCompareExchange>(position, unchecked((int)value), unchecked((int)comparand)));

    /// <summary>Reads the ulong at <paramref name="position"/> with a volatile (acquire) load; works on a read-only mapping.</summary>
    /// <param name="position">The position; a multiple of 8.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVolatileUInt64(long position) => unchecked((ulong)ReadVolatile<long>(position));

    /// <summary>Writes the ulong at <paramref name="position"/> with a volatile (release) store.</summary>
    /// <param name="position">The position; a multiple of 8.</param>
    /// <param name="value">The value to write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping (volatile writes never grow it).</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatileUInt64(long position, ulong value) => Atomic<long, VolatileStore>(position, unchecked((long)value), 0);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow); returns the value before the addition.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="delta">The amount to add.</param>
    /// <returns>The value before the addition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAddUInt64(long position, ulong delta) => unchecked((ulong)Atomic<long, AtomicAdd>(position, unchecked((long)delta), 0));

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow); returns the value before the subtraction.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <returns>The value before the subtraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndSubtractUInt64(long position, ulong delta) => unchecked((ulong)Atomic<long, AtomicAdd>(position, unchecked((long)(0 - delta)), 0));

    /// <summary>Atomically ANDs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndAndUInt64(long position, ulong mask) => unchecked((ulong)Atomic<long, AtomicAnd>(position, unchecked((long)mask), 0));

    /// <summary>Atomically ORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndOrUInt64(long position, ulong mask) => unchecked((ulong)Atomic<long, AtomicOr>(position, unchecked((long)mask), 0));

    /// <summary>Atomically XORs <paramref name="mask"/> into the value; returns the value before the operation.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="mask">The mask.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetAndXorUInt64(long position, ulong mask) => unchecked((ulong)Atomic<long, AtomicXor>(position, unchecked((long)mask), 0));

    /// <summary>Atomically stores <paramref name="value"/>; returns the value before the exchange.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value before the exchange.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ExchangeUInt64(long position, ulong value) => unchecked((ulong)Atomic<long, AtomicExchange>(position, unchecked((long)value), 0));

    /// <summary>Atomically stores <paramref name="value"/> if the current value equals <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/> exactly when the store happened.</summary>
    /// <param name="position">The position of the ulong; a multiple of 8.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <returns>The value before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not inside the mapping.</exception>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not 8-byte aligned.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong CompareExchangeUInt64(long position, ulong value, ulong comparand) => unchecked((ulong)Atomic<long, AtomicCompareExchange>(position, unchecked((long)value), unchecked((long)comparand)));

    /// <summary>The one checked path of every atomic and volatile write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Atomic<T, TOperation>(long position, T operand, T comparand)
        where T : unmanaged
        where TOperation : struct, IAtomicOperation<T>
    {
        MappedRegion region = _region;
        ref ulong limit = ref region.TypedLimit(sizeof(T), write: true);
        byte* address = region.Pointer + position;
        if ((ulong)position >= limit || ((nuint)address & (nuint)(sizeof(T) - 1)) != 0)
        {
            return AtomicSlow<T, TOperation>(position, operand, comparand);
        }
        T before = TOperation.Apply(ref Unsafe.AsRef<T>(address), operand, comparand);
        if ((ulong)position >= Volatile.Read(ref limit))
        {
            ThrowOvertaken(position); // may have hit the private zero pages that replaced the file's
        }
        WaitTable.Notify(region.WaitSeed, address); // wakes waiters of this word, if any: a load and a branch otherwise
        return before;
    }

    /// <summary>The one checked path of every volatile read: a plain acquire load, no read-modify-write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadVolatile<T>(long position) where T : unmanaged
    {
        MappedRegion region = _region;
        ref ulong limit = ref region.TypedLimit(sizeof(T), write: false);
        byte* address = region.Pointer + position;
        if ((ulong)position >= limit || ((nuint)address & (nuint)(sizeof(T) - 1)) != 0)
        {
            return ReadVolatileSlow<T>(position);
        }
        T value;
        if (sizeof(T) == 4)
        {
            uint bits = Volatile.Read(ref *(uint*)address);
            value = Unsafe.As<uint, T>(ref bits);
        }
        else
        {
            ulong bits = Volatile.Read(ref *(ulong*)address);
            value = Unsafe.As<ulong, T>(ref bits);
        }
        if ((ulong)position >= Volatile.Read(ref limit))
        {
            return ReadVolatileSlow<T>(position); // overtaken by Dispose or a shrink: read again or throw
        }
        return value;
    }

    /// <summary>Throws what a failed check deserves, or, if the mapping has grown to fit meanwhile, retries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T AtomicSlow<T, TOperation>(long position, T operand, T comparand)
        where T : unmanaged
        where TOperation : struct, IAtomicOperation<T>
    {
        CheckAtomic(position, sizeof(T), write: true);
        return Atomic<T, TOperation>(position, operand, comparand);
    }

    /// <summary>Throws what a failed check deserves, or, if the mapping has grown to fit meanwhile, retries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T ReadVolatileSlow<T>(long position) where T : unmanaged
    {
        CheckAtomic(position, sizeof(T), write: false);
        return ReadVolatile<T>(position);
    }

    /// <summary>
    /// An atomic operation was overtaken by <see cref="Dispose"/> (or by a shrinking
    /// <see cref="Resize"/> that cut its position off) on another thread: it may have hit the
    /// zero pages that replaced the file's, so its result is not trusted, and it is not retried,
    /// since it may also have happened.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOvertaken(long position)
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(MappedFile),
                "The MappedFile was disposed while this atomic operation ran on another thread; it may or may not have reached the file.");
        }
        throw new ArgumentOutOfRangeException(nameof(position), position,
            $"Position {position} was cut off by a shrinking Resize on another thread while this atomic operation ran; it may or may not have happened.");
    }

    /// <summary>Throws the exception a failed atomic check deserves; returns only if the mapping has grown to fit meanwhile.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckAtomic(long position, int size, bool write)
    {
        MappedRegion region = Current();
        if (write)
        {
            ThrowIfReadOnly();
        }
        CheckRange(region, position, size);
        if (((nuint)(region.Pointer + position) & (nuint)(size - 1)) != 0)
        {
            throw new ArgumentException(
                $"Position {position} is misaligned: an atomic operation on {size} bytes needs an address that is a multiple of {size}{MisalignmentHint()}. Misaligned atomics are not atomic on every CPU and fault on some.",
                nameof(position));
        }
    }
}
