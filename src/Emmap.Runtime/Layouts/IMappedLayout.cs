using System.ComponentModel;

namespace Emmap;

/// <summary>
/// Implemented by every generated <see cref="MappedLayoutAttribute"/> struct, so generic code
/// (binding, arrays of layouts, headers) can work with any layout.
/// </summary>
/// <typeparam name="TSelf">The layout struct itself.</typeparam>
public interface IMappedLayout<TSelf> where TSelf : struct, IMappedLayout<TSelf>
{
    /// <summary>The layout's size in bytes.</summary>
    static abstract int Size { get; }

    /// <summary>The alignment, in bytes, the layout needs: the largest alignment of its members.</summary>
    static abstract int Alignment { get; }

    /// <summary>
    /// A stable 64-bit hash of every member's name, type, offset and length. Two processes agree on
    /// a layout exactly when they agree on this hash and on <see cref="Size"/>.
    /// </summary>
    static abstract ulong LayoutHash { get; }

    /// <summary>
    /// The layout's members in offset order, with names, kinds, offsets, sizes and types, for code
    /// that does not know the struct (the metrics bridge, tools). The generator lists every member;
    /// a layout written by hand lists none unless it says otherwise.
    /// </summary>
    static virtual IReadOnlyList<LayoutMemberInfo> Members => [];

    /// <summary>
    /// The layout's schema in its binary form (<see cref="LayoutSchema"/>; <c>docs/file-formats.md</c>,
    /// "Layout schema"): a compile-time constant the generator writes from the same computation as
    /// <see cref="LayoutHash"/>. <see cref="LayoutFile{T}"/> stores it in the files it creates. Empty
    /// for a layout written by hand, which then matches a file by its hash and size only.
    /// </summary>
    static virtual ReadOnlySpan<byte> Schema => default;

    /// <summary>
    /// Creates a view of the layout over <paramref name="view"/>. For generated code and binding:
    /// the caller has already checked that the view covers <see cref="Size"/> aligned bytes.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract TSelf FromView(MappedView view);

    /// <summary>The view this layout reads and writes through.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    MappedView View { get; }
}
