using System.Collections.Immutable;
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

    /// <summary>Where stride problems of a counter array are reported: its <c>Stride</c>, else its <c>Length</c>, else its offset.</summary>
    public Location StrideLocation { get; set; } = Location.None;

    public MemberKind Kind { get; set; }
    public string Primitive { get; set; } = string.Empty;
    public string ElementTypeName { get; set; } = string.Empty;
    public int Size { get; set; }
    public int Length { get; set; }

    /// <summary>For counter arrays, the bytes from one element to the next; otherwise 0.</summary>
    public int Stride { get; set; }

    /// <summary>Whether the member holds atomic counters of its own (a counter or a counter array), which the false-sharing rule looks at.</summary>
    public bool IsCounter => Kind is MemberKind.Counter or MemberKind.CounterArray;

    /// <summary>The offset of its last element: its offset for anything but a counter array.</summary>
    public int LastElementOffset => Kind == MemberKind.CounterArray ? Offset + (Length - 1) * Stride : Offset;
    public int NaturalAlignment { get; set; } = 1;

    /// <summary>The alignment its atomic counters need (its own size for a counter, the largest inside for a nested layout); 0 if none.</summary>
    public int AtomicAlignment { get; set; }

    /// <summary>What the member stores, as the hash's canonical text spells it (<see cref="CanonicalText"/>).</summary>
    public string StoredType { get; set; } = string.Empty;

    /// <summary>The names declared in <c>FormerNames</c>, in order; carried into the schema, never into the hash.</summary>
    public ImmutableArray<string> FormerNames { get; set; } = ImmutableArray<string>.Empty;

    /// <summary>Where <c>FormerNames</c> is written, for problems with it.</summary>
    public Location FormerNamesLocation { get; set; } = Location.None;

    /// <summary>For an enum (or an array of one): the enum's full name without <c>global::</c>; otherwise empty.</summary>
    public string EnumName { get; set; } = string.Empty;

    /// <summary>For a nested layout (or an array of layouts): the nested layout's model, whose schema goes inside this member's.</summary>
    public LayoutModel? NestedModel { get; set; }

    /// <summary>Whether the member gets waits and its setter wakes waiters (<c>[Field(Waitable = false)]</c> turns both off).</summary>
    public bool Waitable { get; set; } = true;

    public string Modifiers { get; set; }
    public string GetterModifiers { get; set; } = string.Empty;
    public string SetterModifiers { get; set; } = string.Empty;

    public LayoutMember ToModel() => new(Name, Kind, TypeName, Primitive, ElementTypeName, Offset, Size, Length,
        Modifiers, HasSetter, GetterModifiers, SetterModifiers, SetterIsInit, Stride, Waitable);
}
