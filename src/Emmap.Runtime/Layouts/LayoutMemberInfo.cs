namespace Emmap;

/// <summary>
/// One member of a <see cref="MappedLayoutAttribute"/> struct as the generator laid it out: its name,
/// kind, offset, size and type. <see cref="IMappedLayout{TSelf}.Members"/> lists them, so code that
/// does not know the struct (the metrics bridge, tools) can still read every member.
/// </summary>
public sealed class LayoutMemberInfo
{
    /// <summary>Describes a member of a primitive or enum type, a <see cref="MappedArray{T}"/> or an <see cref="AtomicCounterArray{T}"/>.</summary>
    /// <param name="name">The property's name.</param>
    /// <param name="kind"><see cref="LayoutMemberKind.Field"/>, <see cref="LayoutMemberKind.AtomicCounter"/>, <see cref="LayoutMemberKind.Array"/> or <see cref="LayoutMemberKind.AtomicCounterArray"/>.</param>
    /// <param name="offset">The byte offset from the start of the layout.</param>
    /// <param name="size">The bytes the member occupies (for an array, from its first element's start to its last one's end).</param>
    /// <param name="type">The value's type: the property's type, or an array's element type.</param>
    /// <param name="length">An array's element count; 0 otherwise.</param>
    /// <param name="stride">The bytes from one element of an array to the next; 0 for the element size (or for a member that is not an array).</param>
    public LayoutMemberInfo(string name, LayoutMemberKind kind, int offset, int size, Type type, int length = 0, int stride = 0)
        : this(name, kind, offset, size, type, length, stride, [])
    {
    }

    private LayoutMemberInfo(string name, LayoutMemberKind kind, int offset, int size, Type type, int length, int stride, IReadOnlyList<LayoutMemberInfo> members)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        Name = name;
        Kind = kind;
        Offset = offset;
        Size = size;
        Type = type;
        Length = length;
        Stride = stride != 0 ? stride : length > 0 ? size / length : 0;
        Members = members;
    }

    /// <summary>The property's name.</summary>
    public string Name { get; }

    /// <summary>What the member is.</summary>
    public LayoutMemberKind Kind { get; }

    /// <summary>The byte offset from the start of the layout that declares it.</summary>
    public int Offset { get; }

    /// <summary>The bytes the member occupies.</summary>
    public int Size { get; }

    /// <summary>
    /// The value's type: the property's type for a field or counter (an enum stays the enum), the
    /// element type for an array, the nested layout for a nested layout or a <see cref="LayoutArray{T}"/>.
    /// </summary>
    public Type Type { get; }

    /// <summary>The element count of an array, a <see cref="LayoutArray{T}"/> or an <see cref="AtomicCounterArray{T}"/>; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>The bytes from one element of an array to the next (element i is at <c>Offset + i * Stride</c>); 0 for a member that is not an array.</summary>
    public int Stride { get; }

    /// <summary>
    /// The members of a nested layout, or of each element of a <see cref="LayoutArray{T}"/>, with
    /// offsets relative to that layout; empty for other kinds.
    /// </summary>
    public IReadOnlyList<LayoutMemberInfo> Members { get; }

    /// <summary>Describes a member whose type is the layout <typeparamref name="TLayout"/>.</summary>
    /// <typeparam name="TLayout">The nested layout.</typeparam>
    /// <param name="name">The property's name.</param>
    /// <param name="offset">The byte offset from the start of the layout.</param>
    /// <returns>The description, with the nested layout's members.</returns>
    public static LayoutMemberInfo Nested<TLayout>(string name, int offset) where TLayout : struct, IMappedLayout<TLayout> =>
        new(name, LayoutMemberKind.Nested, offset, TLayout.Size, typeof(TLayout), 0, 0, TLayout.Members);

    /// <summary>Describes a <see cref="LayoutArray{T}"/> of <paramref name="length"/> <typeparamref name="TLayout"/> elements.</summary>
    /// <typeparam name="TLayout">The element layout.</typeparam>
    /// <param name="name">The property's name.</param>
    /// <param name="offset">The byte offset from the start of the layout.</param>
    /// <param name="size">The bytes the array occupies.</param>
    /// <param name="length">The element count.</param>
    /// <returns>The description, with the element layout's members.</returns>
    public static LayoutMemberInfo LayoutArray<TLayout>(string name, int offset, int size, int length) where TLayout : struct, IMappedLayout<TLayout> =>
        new(name, LayoutMemberKind.LayoutArray, offset, size, typeof(TLayout), length, TLayout.Size, TLayout.Members);

    /// <summary>The member as text, e.g. <c>Requests: AtomicCounter Int64 at 0 (8 bytes)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Name}: {Kind} {Type.Name}{(Length > 0 ? $"[{Length}]" : string.Empty)} at {Offset} ({Size} bytes)";
}
