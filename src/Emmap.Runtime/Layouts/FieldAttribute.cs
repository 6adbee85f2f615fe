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

    /// <summary>
    /// The names the member had before, so that a file written while it had one of them still opens
    /// (and upgrades, <see cref="LayoutFileOptions.AllowUpgrade"/>): a rename is compatible only when
    /// it is declared here. Stored in the layout's schema, never in its hash.
    /// </summary>
    /// <example><c>[Field(8, FormerNames = ["Uptime"])] public partial long UptimeSeconds { get; set; }</c></example>
    public string[]? FormerNames { get; set; }

    /// <summary>
    /// Whether other threads and processes can wait for this field to change (default
    /// <see langword="true"/>): the generator then writes <c>WaitFor{Name}Change</c> (and, for
    /// numbers, <c>WaitUntil...</c>) and the setter checks for waiters after the store, one load and
    /// a branch while nobody waits on the machine. <see langword="false"/> drops both, so the setter
    /// is a plain release store, for a field written in a hot loop that nobody waits on
    /// (docs/waiting.md). It changes no byte of the file: not the hash, not the schema.
    /// </summary>
    /// <example><c>[Field(8, Waitable = false)] public partial long LastSeenTicks { get; set; }</c></example>
    public bool Waitable { get; set; } = true;
}
