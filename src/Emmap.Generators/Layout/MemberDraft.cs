using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// A member while its layout is being computed: what reading the property found, filled in as the
/// rules accept it. Mutable and holding a <see cref="Location"/>, so it never leaves the computation;
/// <see cref="ToModel"/> gives the equatable <see cref="LayoutMember"/> the generator keeps.
/// </summary>
internal sealed class MemberDraft
{
    public MemberDraft(IPropertySymbol property, int offset, Location offsetLocation)
    {
        Name = property.Name;
        TypeName = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        HasSetter = property.SetMethod is not null;
        SetterIsInit = property.SetMethod is { IsInitOnly: true };
        Offset = offset;
        OffsetLocation = offsetLocation;
        Modifiers = "public partial";
    }

    public string Name { get; }
    public string TypeName { get; }
    public bool HasSetter { get; }
    public bool SetterIsInit { get; }
    public int Offset { get; }

    /// <summary>Where placement problems are reported: the offset argument, else the member's name.</summary>
    public Location OffsetLocation { get; }

    public MemberKind Kind { get; set; }
    public string Primitive { get; set; } = string.Empty;
    public string ElementTypeName { get; set; } = string.Empty;
    public int Size { get; set; }
    public int Length { get; set; }
    public int NaturalAlignment { get; set; } = 1;

    /// <summary>The alignment its atomic counters need (its own size for a counter, the largest inside for a nested layout); 0 if none.</summary>
    public int AtomicAlignment { get; set; }

    /// <summary>What the member stores, as the hash's canonical text spells it (<see cref="CanonicalText"/>).</summary>
    public string StoredType { get; set; } = string.Empty;

    public string Modifiers { get; set; }
    public string GetterModifiers { get; set; } = string.Empty;
    public string SetterModifiers { get; set; } = string.Empty;

    public LayoutMember ToModel() => new(Name, Kind, TypeName, Primitive, ElementTypeName, Offset, Size, Length,
        Modifiers, HasSetter, GetterModifiers, SetterModifiers, SetterIsInit);
}
