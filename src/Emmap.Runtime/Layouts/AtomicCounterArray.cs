using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A fixed-length array of atomic counters inside a layout (an <see cref="AtomicCounterAttribute"/>
/// property with an <see cref="AtomicCounterAttribute.Length"/>): a histogram, per-worker counts,
/// per-shard totals. Element <c>i</c> sits <c>i * Stride</c> bytes after the first; a stride of 64
/// gives every element a cache line of its own. Every operation takes a checked index, runs the same
/// atomic as a single counter and returns the value before it. Copying the handle copies the
/// handle, not the data.
/// </summary>
/// <typeparam name="T">The counter type: <see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or <see cref="ulong"/>.</typeparam>
/// <remarks>
/// Like every layout member, an operation after the file is disposed throws
/// <see cref="ObjectDisposedException"/>. Nothing allocates. Reading every element
/// (<see cref="CopyTo"/>) is one volatile read per element, not one consistent snapshot.
/// </remarks>
public readonly partial struct AtomicCounterArray<T> where T : unmanaged
{
    private readonly MappedView _view;
    private readonly int _stride;

    /// <summary>For generated code: <paramref name="length"/> counters, <paramref name="stride"/> bytes apart, starting at <paramref name="view"/>.</summary>
    /// <param name="view">The view of the first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="stride">The bytes from one element to the next: a positive multiple of the element size.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or <see cref="ulong"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, <paramref name="stride"/> is not a positive multiple of the element size, or the array passes 2 GB.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public AtomicCounterArray(MappedView view, int length, int stride)
    {
        if (typeof(T) != typeof(int) && typeof(T) != typeof(uint) && typeof(T) != typeof(long) && typeof(T) != typeof(ulong))
        {
            throw new NotSupportedException($"An atomic counter array holds int, uint, long or ulong, not {typeof(T).Name}.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int size = Unsafe.SizeOf<T>();
        if (stride < size || stride % size != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride {stride} is not a positive multiple of the element size {size}.");
        }
        if (length > 0 && (long)(length - 1) * stride + size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"{length} elements {stride} bytes apart span more than the {int.MaxValue} bytes a layout can hold.");
        }
        _view = view;
        _stride = stride;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The bytes from one element to the next.</summary>
    public int Stride => _stride;

    /// <summary>Reads the element at <paramref name="index"/> (a volatile read).</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ReadVolatile(int index) => _view.Read<T>(OffsetOf(index));

    /// <summary>Writes <paramref name="value"/> to the element at <paramref name="index"/> (a volatile write; <see cref="Exchange"/> also returns the value before).</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVolatile(int index, T value) => Apply<VolatileStore>(index, value, default);

    /// <summary>Atomically adds 1 to the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndIncrement(int index) => Apply<AtomicAdd>(index, FromInt64(1), default);

    /// <summary>Atomically subtracts 1 from the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndDecrement(int index) => Apply<AtomicAdd>(index, FromInt64(-1), default);

    /// <summary>Atomically adds <paramref name="delta"/> (wrapping on overflow) to the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="delta">The amount to add.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndAdd(int index, T delta) => Apply<AtomicAdd>(index, delta, default);

    /// <summary>Atomically subtracts <paramref name="delta"/> (wrapping on overflow) from the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="delta">The amount to subtract.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndSubtract(int index, T delta) => Apply<AtomicAdd>(index, Negate(delta), default);

    /// <summary>Atomically stores <paramref name="value"/> in the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Exchange(int index, T value) => Apply<AtomicExchange>(index, value, default);

    /// <summary>
    /// Atomically stores <paramref name="value"/> in the element at <paramref name="index"/> if it holds
    /// <paramref name="comparand"/>; returns the value before, which equals <paramref name="comparand"/>
    /// exactly when the store happened.
    /// </summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="value">The value to store on a match.</param>
    /// <param name="comparand">The value expected.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T CompareExchange(int index, T value, T comparand) => Apply<AtomicCompareExchange>(index, value, comparand);

    /// <summary>Atomically ANDs <paramref name="mask"/> into the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="mask">The bits to keep.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndAnd(int index, T mask) => Apply<AtomicAnd>(index, mask, default);

    /// <summary>Atomically ORs <paramref name="mask"/> into the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="mask">The bits to set.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndOr(int index, T mask) => Apply<AtomicOr>(index, mask, default);

    /// <summary>Atomically XORs <paramref name="mask"/> into the element at <paramref name="index"/>; returns the value before.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <param name="mask">The bits to flip.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetAndXor(int index, T mask) => Apply<AtomicXor>(index, mask, default);

    /// <summary>
    /// Reads every element into <paramref name="destination"/> (one volatile read each, in index
    /// order; not one consistent snapshot of the whole array while other threads update it).
    /// </summary>
    /// <param name="destination">At least <see cref="Length"/> elements.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements; the array has {Length}.", nameof(destination));
        }
        for (int i = 0; i < Length; i++)
        {
            destination[i] = _view.Read<T>(i * _stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int OffsetOf(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            ThrowIndex(index, Length);
        }
        return index * _stride;
    }

    /// <summary>
    /// Every operation's one path: the runtime's shared atomic (<c>src/Emmap.Runtime/Atomics</c>)
    /// through <see cref="MappedView"/>, on the element's bits as <see cref="int"/> or
    /// <see cref="long"/> (every operation gives the same bits signed or unsigned).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Apply<TOperation>(int index, T operand, T comparand)
        where TOperation : struct, IAtomicOperation<int>, IAtomicOperation<long>
    {
        int offset = OffsetOf(index);
        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            int before = _view.Apply<int, TOperation>(offset, Unsafe.As<T, int>(ref operand), Unsafe.As<T, int>(ref comparand));
            return Unsafe.As<int, T>(ref before);
        }
        long before8 = _view.Apply<long, TOperation>(offset, Unsafe.As<T, long>(ref operand), Unsafe.As<T, long>(ref comparand));
        return Unsafe.As<long, T>(ref before8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FromInt64(long value)
    {
        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            int narrow = unchecked((int)value);
            return Unsafe.As<int, T>(ref narrow);
        }
        return Unsafe.As<long, T>(ref value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Negate(T value)
    {
        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            int negated = unchecked(-Unsafe.As<T, int>(ref value));
            return Unsafe.As<int, T>(ref negated);
        }
        long negated8 = unchecked(-Unsafe.As<T, long>(ref value));
        return Unsafe.As<long, T>(ref negated8);
    }

    [DoesNotReturn]
    private static void ThrowIndex(int index, int length) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside the array of {length} elements (0 to {length - 1}).");
}
