using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Emmap.Layout;

/// <summary>
/// The one computation of a <c>[MappedLayout]</c> struct: offsets, sizes, alignment, hash, and every
/// rule of DESIGN.md's "Layout rules". The generator emits code from <see cref="LayoutResult.Model"/>
/// when there is no error; the analyzer reports <see cref="LayoutResult.Problems"/>. Neither writes a
/// rule of its own.
/// </summary>
internal static class LayoutComputation
{
    public const string MappedLayoutAttributeName = "Emmap.MappedLayoutAttribute";
    public const string FieldAttributeName = "Emmap.FieldAttribute";
    public const string AtomicCounterAttributeName = "Emmap.AtomicCounterAttribute";
    public const int CacheLineSize = 64;

    /// <summary>Names the generator adds to every layout.</summary>
    public static readonly ImmutableArray<string> ReservedNames = ImmutableArray.Create("Size", "Alignment", "LayoutHash");

    /// <summary>The name of the field the generator adds to hold the view (never reported as a user field).</summary>
    public const string ViewFieldName = "__emmapView";

    public static LayoutResult Compute(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Compute(type, ImmutableHashSet<INamedTypeSymbol>.Empty.WithComparer(SymbolEqualityComparer.Default), cancellationToken);

    /// <summary>
    /// The rule for a property outside any layout: <c>[Field]</c> or <c>[AtomicCounter]</c> on a member of a type
    /// without <c>[MappedLayout]</c> does nothing (EMM014). Returns <see langword="null"/> when the property is fine.
    /// </summary>
    public static LayoutProblem? CheckStrayMember(IPropertySymbol property, CancellationToken ct)
    {
        ImmutableArray<AttributeData> attributes = property.GetAttributes();
        AttributeData? attribute = FindAttribute(attributes, FieldAttributeName) ?? FindAttribute(attributes, AtomicCounterAttributeName);
        if (attribute is null || property.ContainingType is not { } type || IsLayout(type))
        {
            return null;
        }
        string name = attribute.AttributeClass!.Name;
        name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? SymbolLocation(property);
        return new LayoutProblem(LayoutDiagnostics.StrayMember, location, new object?[] { property.Name, name, type.Name });
    }

    /// <summary>Whether <paramref name="type"/> carries <c>[MappedLayout]</c>.</summary>
    public static bool IsLayout(ITypeSymbol type) =>
        type is INamedTypeSymbol named && FindAttribute(named.GetAttributes(), MappedLayoutAttributeName) is not null;

    private static LayoutResult Compute(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        var problems = ImmutableArray.CreateBuilder<LayoutProblem>();
        AttributeData? layoutAttribute = FindAttribute(type.GetAttributes(), MappedLayoutAttributeName);
        int declaredSize = 0;
        bool allowFalseSharing = false;
        Location? sizeLocation = null;
        if (layoutAttribute is not null)
        {
            foreach (KeyValuePair<string, TypedConstant> named in layoutAttribute.NamedArguments)
            {
                if (named.Key == "Size" && named.Value.Value is int declared)
                {
                    declaredSize = declared;
                    sizeLocation = NamedArgumentLocation(layoutAttribute, "Size", ct);
                }
                else if (named.Key == "AllowFalseSharing" && named.Value.Value is bool allow)
                {
                    allowFalseSharing = allow;
                }
            }
        }

        // A layout from a referenced assembly was checked when it was compiled (and its generated
        // members are part of it): only its placement matters here, for nesting.
        bool fromSource = !type.DeclaringSyntaxReferences.IsEmpty;
        bool shapeOk = !fromSource || CheckTypeShape(type, problems, ct);
        enclosing = enclosing.Add(type);

        var members = new List<MemberInfo>();
        var shell = new List<LayoutMember>();
        foreach (ISymbol symbol in type.GetMembers())
        {
            ct.ThrowIfCancellationRequested();
            if (symbol is IFieldSymbol field && fromSource)
            {
                CheckField(field, problems);
            }
            else if (symbol is IPropertySymbol property)
            {
                MemberInfo? member = ReadMember(property, problems, enclosing, ct);
                if (member is not null)
                {
                    members.Add(member);
                }
                if (property.IsPartialDefinition && !property.IsIndexer)
                {
                    shell.Add(ShellMember(property, ct));
                }
            }
        }

        members.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : string.CompareOrdinal(a.Name, b.Name));

        int alignment = 1;
        int atomicAlignment = 0;
        long end = 0;
        foreach (MemberInfo member in members)
        {
            alignment = Math.Max(alignment, member.NaturalAlignment);
            atomicAlignment = Math.Max(atomicAlignment, member.AtomicAlignment);
            end = Math.Max(end, (long)member.Offset + member.Size);
        }

        CheckPlacement(members, declaredSize, problems);
        if (!allowFalseSharing)
        {
            CheckFalseSharing(members, declaredSize, problems);
        }

        long size = declaredSize;
        if (declaredSize < 0)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NegativeValue, sizeLocation ?? TypeLocation(type), new object?[] { "The layout's Size", declaredSize }));
        }
        else if (declaredSize == 0)
        {
            size = RoundUp(end, alignment);
        }
        else if (declaredSize % alignment != 0)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.SizeAlignment, sizeLocation ?? TypeLocation(type),
                new object?[] { declaredSize, alignment, RoundUp(declaredSize, alignment) }));
        }
        if (size > int.MaxValue)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.PastSize, TypeLocation(type),
                new object?[] { type.Name, size, int.MaxValue }));
        }

        ImmutableArray<LayoutProblem> all = problems.ToImmutable();
        if (all.Any(p => p.IsError))
        {
            // A shell lets the generator give every partial member a throwing body, so the user's
            // build shows the analyzer's EMMnnn error alone, without CS9248/CS1061 noise. It cannot
            // be used: only a valid layout gets a working implementation.
            LayoutModel? shellModel = shapeOk
                ? CreateModel(type, isValid: false, 0, 1, 0, shell.ToImmutableArray())
                : null;
            return new LayoutResult(null, shellModel, all, atomicAlignment);
        }

        var canonical = new StringBuilder();
        foreach (MemberInfo member in members)
        {
            canonical.Append(member.Name).Append(':')
                .Append(member.Kind == MemberKind.Counter ? "counter" : "field").Append(':')
                .Append(member.HashKey).Append('@')
                .Append(member.Offset.ToString(CultureInfo.InvariantCulture)).Append('x')
                .Append(member.Length.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        canonical.Append("size=").Append(size.ToString(CultureInfo.InvariantCulture));

        LayoutModel model = CreateModel(type, isValid: true, (int)size, alignment, LayoutHash.Compute(canonical.ToString()),
            members.Select(m => m.ToModel()).ToImmutableArray());
        return new LayoutResult(model, model, all, atomicAlignment);
    }

    private static LayoutModel CreateModel(INamedTypeSymbol type, bool isValid, int size, int alignment, ulong hash, ImmutableArray<LayoutMember> members) =>
        new(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            new EquatableArray<ContainingType>(ContainingTypes(type)),
            type.Name,
            type.IsReadOnly,
            isValid,
            size,
            alignment,
            hash,
            new EquatableArray<LayoutMember>(members),
            new EquatableArray<string>(ReservedNames.Where(n => type.GetMembers(n).Length > 0).ToImmutableArray()));

    /// <summary>A partial property of an invalid layout, described just enough to give it a throwing body.</summary>
    private static LayoutMember ShellMember(IPropertySymbol property, CancellationToken ct)
    {
        var member = new MemberInfo(property, 0, Location.None);
        bool counter = FindAttribute(property.GetAttributes(), AtomicCounterAttributeName) is not null && IsCounterType(property.Type);
        member.Kind = counter ? MemberKind.Counter : MemberKind.Scalar;
        if (TryPrimitive(property.Type, out string keyword, out _))
        {
            member.Primitive = keyword;
        }
        CaptureModifiers(property, member, ct);
        return member.ToModel();
    }

    private static bool CheckTypeShape(INamedTypeSymbol type, ImmutableArray<LayoutProblem>.Builder problems, CancellationToken ct)
    {
        string? why = null;
        bool addPartial = false;
        if (type.TypeKind != TypeKind.Struct)
        {
            why = $"'{type.Name}' is a {Describe(type)}, not a struct";
        }
        else if (type.IsRecord)
        {
            why = $"'{type.Name}' is a record struct";
        }
        else if (type.IsRefLikeType)
        {
            why = $"'{type.Name}' is a ref struct, which cannot be stored in fields or captured";
        }
        else if (type.Arity > 0)
        {
            why = $"'{type.Name}' is generic";
        }
        else if (!IsPartial(type, ct))
        {
            why = $"'{type.Name}' is not declared partial";
            addPartial = true;
        }
        else
        {
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.Arity > 0)
                {
                    why = $"'{type.Name}' is nested in generic type '{outer.Name}'";
                    break;
                }
                if (!IsPartial(outer, ct))
                {
                    why = $"'{type.Name}' is nested in '{outer.Name}', which is not declared partial";
                    addPartial = !HasGenericOuter(outer);
                    break;
                }
            }
        }
        if (why is not null)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NotPartialStruct, TypeLocation(type), new object?[] { why }, addPartial: addPartial));
            return false;
        }
        return true;
    }

    private static void CheckField(IFieldSymbol field, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (field.IsStatic || field.IsConst || field.Name == ViewFieldName)
        {
            return;
        }
        if (field.AssociatedSymbol is IPropertySymbol property)
        {
            if (FindAttribute(property.GetAttributes(), FieldAttributeName) is null
                && FindAttribute(property.GetAttributes(), AtomicCounterAttributeName) is null)
            {
                problems.Add(new LayoutProblem(LayoutDiagnostics.MemberShape, SymbolLocation(property),
                    new object?[] { property.Name, "is an auto-property, which stores its value in the view instead of in mapped memory; make it a partial property with [Field(offset)], or compute it from other members" }));
            }
            return;
        }
        problems.Add(new LayoutProblem(LayoutDiagnostics.MemberShape, SymbolLocation(field),
            new object?[] { field.Name, "is an instance field, which lives in the view, not in mapped memory; make it a partial property with [Field(offset)]" }));
    }

    private static MemberInfo? ReadMember(IPropertySymbol property, ImmutableArray<LayoutProblem>.Builder problems,
        ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        ImmutableArray<AttributeData> attributes = property.GetAttributes();
        AttributeData? fieldAttribute = FindAttribute(attributes, FieldAttributeName);
        AttributeData? counterAttribute = FindAttribute(attributes, AtomicCounterAttributeName);
        bool fromSource = property.Locations.Any(l => l.IsInSource);
        if (fieldAttribute is null && counterAttribute is null)
        {
            if (fromSource && property.IsPartialDefinition)
            {
                problems.Add(Shape(property, "is a partial property without [Field(offset)] or [AtomicCounter(offset)]; add one so the generator can implement it"));
            }
            return null;
        }
        if (fieldAttribute is not null && counterAttribute is not null)
        {
            problems.Add(Shape(property, "has both [Field] and [AtomicCounter]; keep one"));
            return null;
        }
        AttributeData attribute = (fieldAttribute ?? counterAttribute)!;
        bool isCounter = counterAttribute is not null;
        if (property.IsStatic)
        {
            problems.Add(Shape(property, "is static; layout members are instance properties"));
            return null;
        }
        if (property.IsIndexer)
        {
            problems.Add(Shape(property, "is an indexer; use a [Field(offset, Length = n)] MappedArray<T> property instead"));
            return null;
        }
        if (fromSource && !property.IsPartialDefinition && property.PartialImplementationPart is null && property.PartialDefinitionPart is null)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.MemberShape, SymbolLocation(property),
                new object?[] { property.Name, "is not a partial property; declare it 'partial' (for example 'public partial long Name { get; }') so the generator can implement it" },
                addPartial: HasOnlyBodilessAccessors(property, ct)));
            return null;
        }
        if (property.ReturnsByRef || property.ReturnsByRefReadonly)
        {
            problems.Add(Shape(property, "returns by reference; layout members return values"));
            return null;
        }
        if (property.GetMethod is null)
        {
            problems.Add(Shape(property, "has no get accessor; add 'get;'"));
            return null;
        }

        Location offsetLocation = ConstructorArgumentLocation(attribute, ct) ?? SymbolLocation(property);
        Location typeLocation = TypeSyntaxLocation(property, ct) ?? SymbolLocation(property);
        int offset = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int o ? o : 0;
        int length = 0;
        Location? lengthLocation = null;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Length" && named.Value.Value is int l)
            {
                length = l;
                lengthLocation = NamedArgumentLocation(attribute, "Length", ct);
            }
        }

        bool ok = true;
        if (offset < 0)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NegativeValue, offsetLocation, new object?[] { $"The offset of '{property.Name}'", offset }));
            ok = false;
        }

        var member = new MemberInfo(property, offset, offsetLocation);
        if (isCounter)
        {
            if (!TryPrimitive(property.Type, out string keyword, out int size) || !IsCounterType(property.Type))
            {
                problems.Add(new LayoutProblem(LayoutDiagnostics.CounterType, typeLocation, new object?[] { property.Name, Display(property.Type) }));
                return null;
            }
            if (property.SetMethod is not null)
            {
                problems.Add(Shape(property, "is an atomic counter, so it is read-only: declare it '{ get; }' and change it with the generated methods"));
                return null;
            }
            member.Kind = MemberKind.Counter;
            member.Primitive = keyword;
            member.Size = size;
            member.NaturalAlignment = size;
            member.AtomicAlignment = size;
            member.HashKey = keyword;
        }
        else if (!ClassifyField(property, member, length, lengthLocation ?? ConstructorArgumentLocation(attribute, ct) ?? typeLocation, typeLocation, problems, enclosing, ct))
        {
            return null;
        }

        if (member.Kind is MemberKind.Nested or MemberKind.Array or MemberKind.LayoutArray && property.SetMethod is not null)
        {
            problems.Add(Shape(property, "is a nested layout or array, which is a view: declare it '{ get; }'"));
            return null;
        }
        if (property.SetMethod is { IsInitOnly: true })
        {
            problems.Add(Shape(property, "has an init accessor; use 'set' (writes go straight to mapped memory) or make it get-only"));
            return null;
        }
        if (!ok)
        {
            return null;
        }

        CaptureModifiers(property, member, ct);
        return member;
    }

    private static bool ClassifyField(IPropertySymbol property, MemberInfo member, int length, Location lengthLocation, Location typeLocation,
        ImmutableArray<LayoutProblem>.Builder problems, ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        ITypeSymbol type = property.Type;
        if (type is INamedTypeSymbol { Arity: 1 } generic && generic.ContainingNamespace?.ToDisplayString() == "Emmap"
            && (generic.MetadataName == "MappedArray`1" || generic.MetadataName == "LayoutArray`1"))
        {
            bool isLayoutArray = generic.MetadataName == "LayoutArray`1";
            ITypeSymbol element = generic.TypeArguments[0];
            if (length <= 0)
            {
                problems.Add(new LayoutProblem(LayoutDiagnostics.ArrayLength, lengthLocation,
                    new object?[] { property.Name, $"is an array with Length {length}; give it a Length of at least 1, e.g. [Field(offset, Length = 4)]" }));
                return false;
            }
            int elementSize, elementAlignment, elementAtomic;
            string elementKey;
            if (isLayoutArray)
            {
                if (!TryNested(property, element, typeLocation, problems, enclosing, ct, out LayoutResult? nested))
                {
                    return false;
                }
                elementSize = nested!.Model!.Size;
                elementAlignment = nested.Model.Alignment;
                elementAtomic = nested.AtomicAlignment;
                elementKey = "layouts(" + nested.Model.Hash.ToString("X16", CultureInfo.InvariantCulture) + ")";
                member.Kind = MemberKind.LayoutArray;
            }
            else
            {
                if (!TryPrimitive(element, out string keyword, out elementSize))
                {
                    problems.Add(new LayoutProblem(LayoutDiagnostics.UnsupportedType, typeLocation, new object?[] { property.Name, Display(type) }));
                    return false;
                }
                elementAlignment = elementSize;
                elementAtomic = 0;
                elementKey = "array(" + PrimitiveKey(element, keyword) + ")";
                member.Primitive = keyword;
                member.Kind = MemberKind.Array;
            }
            long total = (long)elementSize * length;
            if (total > int.MaxValue)
            {
                problems.Add(new LayoutProblem(LayoutDiagnostics.ArrayLength, lengthLocation,
                    new object?[] { property.Name, $"has Length {length}, which makes it {total} bytes, more than the {int.MaxValue} bytes a layout can hold" }));
                return false;
            }
            member.ElementTypeName = element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            member.Size = (int)total;
            member.Length = length;
            member.NaturalAlignment = elementAlignment;
            member.AtomicAlignment = elementAtomic;
            member.HashKey = elementKey;
            return true;
        }

        if (length != 0)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.ArrayLength, lengthLocation,
                new object?[] { property.Name, $"has Length {length} but type '{Display(type)}' is not an array; use MappedArray<T> (or LayoutArray<T>), or remove Length" }));
            return false;
        }
        if (TryPrimitive(type, out string primitive, out int size))
        {
            member.Kind = MemberKind.Scalar;
            member.Primitive = primitive;
            member.Size = size;
            member.NaturalAlignment = size;
            member.HashKey = PrimitiveKey(type, primitive);
            return true;
        }
        if (IsLayout(type))
        {
            if (!TryNested(property, type, typeLocation, problems, enclosing, ct, out LayoutResult? nested))
            {
                return false;
            }
            member.Kind = MemberKind.Nested;
            member.Size = nested!.Model!.Size;
            member.NaturalAlignment = nested.Model.Alignment;
            member.AtomicAlignment = nested.AtomicAlignment;
            member.HashKey = "layout(" + nested.Model.Hash.ToString("X16", CultureInfo.InvariantCulture) + ")";
            return true;
        }
        problems.Add(new LayoutProblem(LayoutDiagnostics.UnsupportedType, typeLocation, new object?[] { property.Name, Display(type) }));
        return false;
    }

    private static bool TryNested(IPropertySymbol property, ITypeSymbol type, Location typeLocation, ImmutableArray<LayoutProblem>.Builder problems,
        ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct, out LayoutResult? result)
    {
        result = null;
        if (type is not INamedTypeSymbol named || !IsLayout(named))
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.UnsupportedType, typeLocation, new object?[] { property.Name, Display(type) }));
            return false;
        }
        if (enclosing.Contains(named))
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NestedLayout, typeLocation,
                new object?[] { property.Name, Display(type), "which contains itself, so its size would be infinite; remove the cycle" }));
            return false;
        }
        result = Compute(named, enclosing, ct);
        if (result.HasErrors)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NestedLayout, typeLocation,
                new object?[] { property.Name, Display(type), "a layout with errors of its own; fix those first" }));
            return false;
        }
        return true;
    }

    private static void CheckPlacement(List<MemberInfo> members, int declaredSize, ImmutableArray<LayoutProblem>.Builder problems)
    {
        for (int i = 0; i < members.Count; i++)
        {
            MemberInfo member = members[i];
            if (member.AtomicAlignment > 0 && member.Offset % member.AtomicAlignment != 0)
            {
                int suggestion = FreeOffset(members, member, member.AtomicAlignment, member.Offset);
                string what = member.Kind == MemberKind.Counter
                    ? $"{(member.Size == 8 ? "an" : "a")} {member.Size}-byte atomic counter"
                    : $"a nested layout holding {member.AtomicAlignment}-byte atomic counters";
                string rule = member.Kind == MemberKind.Counter ? "atomic counters" : "it";
                problems.Add(new LayoutProblem(LayoutDiagnostics.MisalignedAtomic, member.OffsetLocation,
                    new object?[] { member.Name, what, member.Offset, rule, member.AtomicAlignment, suggestion }, suggestion));
            }
            else if (member.Offset % member.NaturalAlignment != 0)
            {
                int suggestion = FreeOffset(members, member, member.NaturalAlignment, member.Offset);
                problems.Add(new LayoutProblem(LayoutDiagnostics.UnalignedField, member.OffsetLocation,
                    new object?[] { member.Name, member.NaturalAlignment, member.Offset, suggestion }, suggestion));
            }

            for (int j = 0; j < i; j++)
            {
                MemberInfo earlier = members[j];
                if (Overlaps(earlier.Offset, earlier.Size, member.Offset, member.Size))
                {
                    int suggestion = FreeOffset(members, member, member.NaturalAlignment, earlier.Offset + earlier.Size);
                    problems.Add(new LayoutProblem(LayoutDiagnostics.Overlap, member.OffsetLocation,
                        new object?[] { member.Name, member.Offset, member.Offset + member.Size - 1, earlier.Name, earlier.Offset, earlier.Offset + earlier.Size - 1, suggestion }, suggestion));
                    break;
                }
            }

            long end = (long)member.Offset + member.Size;
            if (declaredSize > 0 && end > declaredSize)
            {
                problems.Add(new LayoutProblem(LayoutDiagnostics.PastSize, member.OffsetLocation, new object?[] { member.Name, end, declaredSize }));
            }
        }
    }

    private static void CheckFalseSharing(List<MemberInfo> members, int declaredSize, ImmutableArray<LayoutProblem>.Builder problems)
    {
        MemberInfo? previous = null;
        foreach (MemberInfo member in members)
        {
            if (member.Kind != MemberKind.Counter || member.Offset % member.Size != 0)
            {
                continue;
            }
            if (previous is not null && previous.Offset / CacheLineSize == member.Offset / CacheLineSize)
            {
                int line = member.Offset / CacheLineSize * CacheLineSize;
                int suggestion = line + CacheLineSize;
                while (members.Any(m => m != member && (Overlaps(m.Offset, m.Size, suggestion, member.Size)
                    || (m.Kind == MemberKind.Counter && m.Offset / CacheLineSize == suggestion / CacheLineSize))))
                {
                    suggestion += CacheLineSize;
                }
                problems.Add(new LayoutProblem(LayoutDiagnostics.FalseSharing, member.OffsetLocation,
                    new object?[] { previous.Name, previous.Offset, member.Name, member.Offset, line, suggestion }, suggestion));
                continue;
            }
            previous = member;
        }
    }

    /// <summary>The first offset at or after <paramref name="from"/>, aligned, where <paramref name="member"/> overlaps nothing else.</summary>
    private static int FreeOffset(List<MemberInfo> members, MemberInfo member, int alignment, int from)
    {
        long candidate = RoundUp(Math.Max(from, 0), alignment);
        bool moved = true;
        while (moved && candidate < int.MaxValue)
        {
            moved = false;
            foreach (MemberInfo other in members)
            {
                if (other != member && Overlaps(other.Offset, other.Size, candidate, member.Size))
                {
                    candidate = RoundUp((long)other.Offset + other.Size, alignment);
                    moved = true;
                }
            }
        }
        return (int)Math.Min(candidate, int.MaxValue);
    }

    private static bool Overlaps(long aOffset, long aSize, long bOffset, long bSize) =>
        aSize > 0 && bSize > 0 && aOffset < bOffset + bSize && bOffset < aOffset + aSize;

    private static long RoundUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static bool IsCounterType(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;

    /// <summary>Primitives (and enums, by their underlying type) that a layout can store.</summary>
    private static bool TryPrimitive(ITypeSymbol type, out string keyword, out int size)
    {
        ITypeSymbol stored = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying : type;
        (keyword, size) = stored.SpecialType switch
        {
            SpecialType.System_Boolean => ("bool", 1),
            SpecialType.System_Byte => ("byte", 1),
            SpecialType.System_SByte => ("sbyte", 1),
            SpecialType.System_Int16 => ("short", 2),
            SpecialType.System_UInt16 => ("ushort", 2),
            SpecialType.System_Char => ("char", 2),
            SpecialType.System_Int32 => ("int", 4),
            SpecialType.System_UInt32 => ("uint", 4),
            SpecialType.System_Single => ("float", 4),
            SpecialType.System_Int64 => ("long", 8),
            SpecialType.System_UInt64 => ("ulong", 8),
            SpecialType.System_Double => ("double", 8),
            _ => (string.Empty, 0),
        };
        return size > 0;
    }

    private static string PrimitiveKey(ITypeSymbol type, string keyword) =>
        type.TypeKind == TypeKind.Enum ? "enum(" + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ":" + keyword + ")" : keyword;

    private static void CaptureModifiers(IPropertySymbol property, MemberInfo member, CancellationToken ct)
    {
        foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is PropertyDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                member.Modifiers = syntax.Modifiers.ToString();
                foreach (AccessorDeclarationSyntax accessor in syntax.AccessorList?.Accessors ?? default)
                {
                    if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                    {
                        member.GetterModifiers = accessor.Modifiers.ToString();
                    }
                    else if (accessor.IsKind(SyntaxKind.SetAccessorDeclaration))
                    {
                        member.SetterModifiers = accessor.Modifiers.ToString();
                    }
                }
                return;
            }
        }
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken ct)
    {
        bool any = false;
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is TypeDeclarationSyntax declaration)
            {
                any = true;
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }
        return any;
    }

    private static bool HasGenericOuter(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type; outer is not null; outer = outer.ContainingType)
        {
            if (outer.Arity > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether adding <c>partial</c> turns the property into a partial definition: accessors without bodies, no initializer.</summary>
    private static bool HasOnlyBodilessAccessors(IPropertySymbol property, CancellationToken ct)
    {
        foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is not PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null, Initializer: null }
                || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
            {
                return false;
            }
        }
        return true;
    }

    private static ImmutableArray<ContainingType> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            chain.Insert(0, new ContainingType(keyword, outer.Name));
        }
        return chain.ToImmutableArray();
    }

    private static string Describe(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Class => type.IsRecord ? "record class" : "class",
        TypeKind.Interface => "interface",
        TypeKind.Enum => "enum",
        TypeKind.Delegate => "delegate",
        _ => type.TypeKind.ToString().ToLowerInvariant(),
    };

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static LayoutProblem Shape(IPropertySymbol property, string why) =>
        new(LayoutDiagnostics.MemberShape, SymbolLocation(property), new object?[] { property.Name, why });

    private static AttributeData? FindAttribute(ImmutableArray<AttributeData> attributes, string fullName)
    {
        foreach (AttributeData attribute in attributes)
        {
            if (attribute.AttributeClass?.ToDisplayString() == fullName)
            {
                return attribute;
            }
        }
        return null;
    }

    private static Location SymbolLocation(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

    private static Location TypeLocation(INamedTypeSymbol type) => SymbolLocation(type);

    private static Location? ConstructorArgumentLocation(AttributeData attribute, CancellationToken ct) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(ct) is AttributeSyntax { ArgumentList: { } list }
            && list.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null) is { } argument
            ? argument.GetLocation()
            : null;

    private static Location? NamedArgumentLocation(AttributeData attribute, string name, CancellationToken ct) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(ct) is AttributeSyntax { ArgumentList: { } list }
            && list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? argument.GetLocation()
            : null;

    private static Location? TypeSyntaxLocation(IPropertySymbol property, CancellationToken ct)
    {
        foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is PropertyDeclarationSyntax syntax)
            {
                return syntax.Type.GetLocation();
            }
        }
        return null;
    }

    /// <summary>A member while the layout is being computed (mutable, never leaves this class).</summary>
    private sealed class MemberInfo
    {
        public MemberInfo(IPropertySymbol property, int offset, Location offsetLocation)
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
        public Location OffsetLocation { get; }
        public MemberKind Kind { get; set; }
        public string Primitive { get; set; } = string.Empty;
        public string ElementTypeName { get; set; } = string.Empty;
        public int Size { get; set; }
        public int Length { get; set; }
        public int NaturalAlignment { get; set; } = 1;
        public int AtomicAlignment { get; set; }
        public string HashKey { get; set; } = string.Empty;
        public string Modifiers { get; set; }
        public string GetterModifiers { get; set; } = string.Empty;
        public string SetterModifiers { get; set; } = string.Empty;

        public LayoutMember ToModel() => new(Name, Kind, TypeName, Primitive, ElementTypeName, Offset, Size, Length,
            Modifiers, HasSetter, GetterModifiers, SetterModifiers, SetterIsInit);
    }
}
