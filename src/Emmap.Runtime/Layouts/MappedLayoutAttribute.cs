namespace Emmap;

/// <summary>
/// Declares a <c>partial struct</c> as a view over shared memory. The Emmap source generator writes
/// its accessors from the <see cref="FieldAttribute"/> and <see cref="AtomicCounterAttribute"/>
/// properties it declares; the Emmap analyzers reject layouts that break the layout rules.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class MappedLayoutAttribute : Attribute
{
    /// <summary>
    /// The layout's size in bytes. When zero (the default) the size is the end of the last member,
    /// rounded up to the layout's alignment.
    /// </summary>
    public int Size { get; set; }

    /// <summary>
    /// When <see langword="true"/>, two atomic counters may share one 64-byte cache line without a
    /// false-sharing warning (use it for counters that are always updated together).
    /// </summary>
    public bool AllowFalseSharing { get; set; }
}
