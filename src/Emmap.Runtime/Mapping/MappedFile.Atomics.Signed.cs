using System.Runtime.CompilerServices;

namespace Emmap;

// Atomics and volatile access on int and long at a position (emmap's patomic_*), each a one-line
// call of the checked path in MappedFile.Atomics.cs. Every read-modify-write returns the value before the operation; the
// ordering of each family is in docs/architecture.md ("Atomics and memory ordering").
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
}
