namespace Emmap;

/// <summary>What kind of member of a <see cref="MappedLayoutAttribute"/> struct a <see cref="LayoutMemberInfo"/> describes.</summary>
public enum LayoutMemberKind
{
    /// <summary>A <see cref="FieldAttribute"/> property of a primitive or enum type.</summary>
    Field = 0,

    /// <summary>An <see cref="AtomicCounterAttribute"/> property (<c>int</c>, <c>uint</c>, <c>long</c> or <c>ulong</c>).</summary>
    AtomicCounter = 1,

    /// <summary>A <see cref="FieldAttribute"/> property whose type is another layout.</summary>
    Nested = 2,

    /// <summary>A <see cref="FieldAttribute"/> property of type <see cref="MappedArray{T}"/>.</summary>
    Array = 3,

    /// <summary>A <see cref="FieldAttribute"/> property of type <see cref="LayoutArray{T}"/>.</summary>
    LayoutArray = 4,

    /// <summary>An <see cref="AtomicCounterAttribute"/> property of type <see cref="AtomicCounterArray{T}"/>: <see cref="LayoutMemberInfo.Length"/> counters, <see cref="LayoutMemberInfo.Stride"/> bytes apart.</summary>
    AtomicCounterArray = 5,

    /// <summary>A <see cref="SequenceLockAttribute"/> property of type <see cref="Emmap.SequenceLock"/>: the 16 bytes (sequence and owner words) that make the layout's snapshots consistent.</summary>
    SequenceLock = 6,
}
