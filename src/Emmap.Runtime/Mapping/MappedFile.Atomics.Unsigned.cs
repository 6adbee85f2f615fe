using System.Runtime.CompilerServices;

namespace Emmap;

// Atomics and volatile access on uint and ulong at a position (emmap's patomic_*): the signed
// operations on the same bits, each a one-line call of the checked path in MappedFile.Atomics.cs. Every read-modify-write returns the value before the operation; the
// ordering of each family is in docs/architecture.md ("Atomics and memory ordering").
public sealed unsafe partial class MappedFile
{
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
    public uint GetAndSubtractUInt32(long position, uint delta) => unchecked((uint)Atomic<int, AtomicAdd>(position, unchecked(-(int)delta), 0));

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
    public ulong GetAndSubtractUInt64(long position, ulong delta) => unchecked((ulong)Atomic<long, AtomicAdd>(position, unchecked(-(long)delta), 0));

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
}
