using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A fixed-length array of nested layouts inside a layout (a <see cref="FieldAttribute"/> property
/// with a <see cref="FieldAttribute.Length"/> whose element is a <see cref="MappedLayoutAttribute"/>
/// struct). Elements are placed at <c>T.Size</c> strides. Copying it copies the handle, not the data.
/// </summary>
/// <typeparam name="T">The element layout.</typeparam>
public readonly struct LayoutArray<T> where T : struct, IMappedLayout<T>
{
    private readonly MappedView _view;

    /// <summary>For generated code: an array of <paramref name="length"/> layouts starting at <paramref name="view"/>.</summary>
    /// <param name="view">The view of the first element.</param>
    /// <param name="length">The number of elements.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public LayoutArray(MappedView view, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _view = view;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The view of the element at <paramref name="index"/>.</summary>
    /// <param name="index">The element index, from 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside the array of {Length} elements (0 to {Length - 1}).");
            }
            return T.FromView(_view.Slice(index * T.Size));
        }
    }
}
