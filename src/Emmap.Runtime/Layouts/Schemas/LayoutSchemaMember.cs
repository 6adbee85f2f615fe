namespace Emmap;

/// <summary>
/// One member of a <see cref="LayoutSchema"/>: what a layout file says about a member, without the
/// C# type (a file may have been written by a program this one has never seen). The same facts as
/// <see cref="LayoutMemberInfo"/> (which needs the <see cref="System.Type"/>), plus the names the
/// member had before (<see cref="FieldAttribute.FormerNames"/>).
/// </summary>
public sealed class LayoutSchemaMember
{
    internal LayoutSchemaMember(string name, LayoutMemberKind kind, TypeCode storage, string typeName, int offset, int size, int length, int stride,
        IReadOnlyList<string> formerNames, LayoutSchema? nested)
    {
        Name = name;
        Kind = kind;
        Storage = storage;
        TypeName = typeName;
        Offset = offset;
        Size = size;
        Length = length;
        Stride = stride;
        FormerNames = formerNames;
        Nested = nested;
    }

    /// <summary>The property's name.</summary>
    public string Name { get; }

    /// <summary>What the member is.</summary>
    public LayoutMemberKind Kind { get; }

    /// <summary>
    /// The primitive the value (or each element) is stored as, an enum's underlying type for an enum;
    /// <see cref="TypeCode.Empty"/> for a nested layout or an array of layouts.
    /// </summary>
    public TypeCode Storage { get; }

    /// <summary>An enum's full name (<c>MyApp.State</c>), or a nested layout's name; empty for a primitive.</summary>
    public string TypeName { get; }

    /// <summary>The byte offset from the start of the layout that declares it.</summary>
    public int Offset { get; }

    /// <summary>The bytes the member occupies (an array: from its first element's start to its last one's end).</summary>
    public int Size { get; }

    /// <summary>The element count of an array; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>The bytes from one element of an array to the next; 0 for a member that is not an array.</summary>
    public int Stride { get; }

    /// <summary>The names the member had before, so that a file written under one of them still matches.</summary>
    public IReadOnlyList<string> FormerNames { get; }

    /// <summary>The schema of a nested layout, or of each element of an array of layouts; <see langword="null"/> for other kinds.</summary>
    public LayoutSchema? Nested { get; }

    /// <summary>The member's type as text: <c>Int64</c>, <c>enum MyApp.State : Int32</c>, <c>layout Point</c>, with <c>[length]</c> for arrays.</summary>
    public string TypeText =>
        (Nested is not null ? "layout " + TypeName
            : TypeName.Length > 0 ? "enum " + TypeName + " : " + Storage
            : Storage.ToString())
        + (Length > 0 ? $"[{Length}]" : string.Empty);

    /// <summary>The member as text, e.g. <c>Requests: AtomicCounter Int64 at 0 (8 bytes)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Name}: {Kind} {TypeText} at {Offset} ({Size} bytes)";

    /// <summary>Whether the member stores the same thing in the same place as <paramref name="other"/> (names aside).</summary>
    internal bool SameShape(LayoutSchemaMember other) => Offset == other.Offset && SameType(other) && SameSize(other);

    /// <summary>Same kind, storage, type name and nested shape.</summary>
    internal bool SameType(LayoutSchemaMember other) =>
        Kind == other.Kind && Storage == other.Storage
        && (Nested is null ? other.Nested is null && TypeName == other.TypeName : other.Nested is not null && Nested.SameShape(other.Nested));

    /// <summary>Same size, length and stride.</summary>
    internal bool SameSize(LayoutSchemaMember other) => Size == other.Size && Length == other.Length && Stride == other.Stride;

    /// <summary>Whether <paramref name="name"/> is this member's name or one of its former names.</summary>
    internal bool Answers(string name)
    {
        if (Name == name)
        {
            return true;
        }
        foreach (string former in FormerNames)
        {
            if (former == name)
            {
                return true;
            }
        }
        return false;
    }
}
