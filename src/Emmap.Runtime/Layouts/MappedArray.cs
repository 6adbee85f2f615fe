using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A fixed-length array of unmanaged values inside a layout (a <see cref="FieldAttribute"/> property
/// with a <see cref="FieldAttribute.Length"/>). Elements are packed at <c>sizeof(T)</c> strides;
/// element reads and writes of up to 8 bytes are volatile. Copying it copies the handle, not the data.
/// </summary>
/// <typeparam name="T">The element type: <see cref="bool"/>, an integer type, <see cref="char"/>,
/// <see cref="float"/>, <see cref="double"/> or an enum.</typeparam>
public readonly unsafe struct MappedArray<T> where T : unmanaged
{
    private readonly MappedView _view;

    /// <summary>For generated code: an array of <paramref name="length"/> elements starting at <paramref name="view"/>.</summary>
    /// <param name="view">The view of the first element.</param>
    /// <param name="length">The number of elements.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public MappedArray(MappedView view, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _view = view;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Reads or writes the element at <paramref name="index"/>.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            CheckIndex(index);
            if (typeof(T) == typeof(bool))
            {
                bool b = _view.ReadBoolean(index);
                return Unsafe.As<bool, T>(ref b);
            }
            return _view.Read<T>(index * sizeof(T));
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            CheckIndex(index);
            if (typeof(T) == typeof(bool))
            {
                _view.WriteBoolean(index, Unsafe.As<T, bool>(ref value));
                return;
            }
            _view.Write(index * sizeof(T), value);
        }
    }

    /// <summary>Copies the elements into a new array (one volatile read per element, not one atomic snapshot).</summary>
    public T[] ToArray()
    {
        var result = new T[Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = this[i];
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            ThrowIndex(index, Length);
        }
    }

    private static void ThrowIndex(int index, int length) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside the array of {length} elements (0 to {length - 1}).");
}
