using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Emmap;

// The reads a consistent snapshot is made of: one open check for the whole copy, then plain
// volatile loads. Safe without a check each: a region a view was bound to is never retired, so its
// addresses keep the file's own bytes mapped until nothing can reach the view (docs/architecture.md,
// "The life of a mapping"); the check only decides whether a disposed file throws.
public readonly unsafe partial struct MappedView
{
    /// <summary>For generated code: throws <see cref="ObjectDisposedException"/> when the file this view points into is closed.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ThrowIfClosed() => At(0);

    /// <summary>
    /// For generated code, after <see cref="ThrowIfClosed"/>: reads a value as <see cref="Read{T}"/>
    /// does (volatile for 1, 2, 4 and 8 bytes) without checking again that the file is open.
    /// </summary>
    /// <typeparam name="T">An unmanaged type of at most 8 bytes.</typeparam>
    /// <param name="offset">The byte offset of the value.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ReadUnchecked<T>(int offset) where T : unmanaged
    {
        return Done(Load<T>(_address + offset));
    }

    /// <summary>For generated code, after <see cref="ThrowIfClosed"/>: <see cref="ReadBoolean"/> without checking again that the file is open.</summary>
    /// <param name="offset">The byte offset of the value.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBooleanUnchecked(int offset) => ReadUnchecked<byte>(offset) != 0;
}
