namespace Emmap;

/// <summary>
/// Places a layout's sequence lock at a byte offset (a multiple of 8; it takes
/// <see cref="SequenceLock.Size"/> bytes) on a get-only partial property of type
/// <see cref="SequenceLock"/>. A layout with one gets consistent snapshots: the generator writes
/// <c>ReadSnapshot()</c>, <c>TryReadSnapshot</c>, <c>WriteSnapshot</c> and <c>BeginUpdate()</c>
/// (see <c>docs/layouts.md</c>, "Snapshots").
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SequenceLockAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">The byte offset of the lock; a multiple of 8.</param>
    public SequenceLockAttribute(int offset) => Offset = offset;

    /// <summary>The byte offset of the lock from the start of the layout.</summary>
    public int Offset { get; }
}
