namespace Emmap;

/// <summary>
/// Places an atomic counter (<see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or
/// <see cref="ulong"/>) at a byte offset from the start of a <see cref="MappedLayoutAttribute"/>
/// struct. The offset must be a multiple of the counter's size. The generator writes a read-only
/// property and atomic methods (increment, decrement, add, exchange, compare-exchange, and/or/xor),
/// each returning the value before the operation.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AtomicCounterAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">The byte offset of the counter; a multiple of the counter's size.</param>
    public AtomicCounterAttribute(int offset) => Offset = offset;

    /// <summary>The byte offset of the counter from the start of the layout.</summary>
    public int Offset { get; }
}
