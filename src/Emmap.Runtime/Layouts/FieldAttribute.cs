namespace Emmap;

/// <summary>
/// Places a partial property of a <see cref="MappedLayoutAttribute"/> struct at a byte offset from
/// the start of the layout. Reads and writes of values up to 8 bytes use volatile semantics so that
/// other processes see them.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FieldAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">The byte offset of the member from the start of the layout.</param>
    public FieldAttribute(int offset) => Offset = offset;

    /// <summary>The byte offset of the member from the start of the layout.</summary>
    public int Offset { get; }

    /// <summary>
    /// For a fixed-length array member (a property of type <see cref="MappedArray{T}"/> or
    /// <see cref="LayoutArray{T}"/>), the number of elements; zero for a scalar member.
    /// </summary>
    public int Length { get; set; }
}
