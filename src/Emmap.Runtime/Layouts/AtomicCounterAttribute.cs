namespace Emmap;

/// <summary>
/// Places an atomic counter (<see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or
/// <see cref="ulong"/>) at a byte offset from the start of a <see cref="MappedLayoutAttribute"/>
/// struct. The offset must be a multiple of the counter's size. The generator writes a read-only
/// property and atomic methods (increment, decrement, add, exchange, compare-exchange, and/or/xor),
/// each returning the value before the operation. With a <see cref="Length"/>, on a property of type
/// <see cref="AtomicCounterArray{T}"/>, it places that many counters <see cref="Stride"/> bytes apart.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AtomicCounterAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">The byte offset of the counter; a multiple of the counter's size.</param>
    public AtomicCounterAttribute(int offset) => Offset = offset;

    /// <summary>The byte offset of the counter from the start of the layout.</summary>
    public int Offset { get; }

    /// <summary>
    /// For an array of counters (a property of type <see cref="AtomicCounterArray{T}"/>), the number of
    /// elements; zero for a single counter.
    /// </summary>
    public int Length { get; set; }

    /// <summary>
    /// For an array of counters, the bytes from one element to the next: a positive multiple of the
    /// element size, e.g. 64 so that every element has a cache line of its own. Zero (the default)
    /// packs the elements at the element size.
    /// </summary>
    public int Stride { get; set; }

    /// <summary>
    /// The names the member had before, so that a file written while it had one of them still opens
    /// (and upgrades, <see cref="LayoutFileOptions.AllowUpgrade"/>): a rename is compatible only when
    /// it is declared here. Stored in the layout's schema, never in its hash.
    /// </summary>
    /// <example><c>[Field(8, FormerNames = ["Uptime"])] public partial long UptimeSeconds { get; set; }</c></example>
    public string[]? FormerNames { get; set; }
}
