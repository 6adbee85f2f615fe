using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for what a member stores (EMM003, EMM007, EMM011, EMM012, EMM032 to EMM034, EMM040,
/// EMM041): a counter is an int, uint, long or ulong, or an array of them
/// (<see cref="CounterArrayRules"/>); a field a primitive, an enum, a valid layout, or an array
/// of either with a length that fits. Each rule that passes fills in the member's kind, size,
/// alignment and stored type. Type problems are reported on the property's type, length problems
/// on <c>Length</c>.
/// </summary>
internal static class MemberTypeRules
{
    /// <summary>
    /// Classifies an <c>[AtomicCounter]</c>: a counter array (<see cref="CounterArrayRules"/>), or a single
    /// counter of a counter type (EMM003) without <c>Length</c> (EMM033) or <c>Stride</c> (EMM040); false
    /// with the problem reported when it breaks a rule.
    /// </summary>
    public static bool ClassifyCounter(IPropertySymbol property, MemberDraft member, MemberArguments arguments, Location lengthLocation,
        Location typeLocation, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (StoredTypes.TryCounterArray(property.Type, out ITypeSymbol element))
        {
            return CounterArrayRules.Classify(property, element, member, arguments, lengthLocation, typeLocation, problems);
        }
        if (!StoredTypes.TryPrimitive(property.Type, out string keyword, out int size) || !StoredTypes.IsCounterType(property.Type))
        {
            problems.Report(LayoutDiagnostics.CounterType, typeLocation, property.Name, Declarations.Display(property.Type));
            return false;
        }
        if (arguments.Length != 0)
        {
            problems.Report(LayoutDiagnostics.LengthOnNonArray, lengthLocation, property.Name, arguments.Length, Declarations.Display(property.Type));
            return false;
        }
        if (arguments.Stride != 0)
        {
            problems.Report(LayoutDiagnostics.StrideOnNonArray, arguments.StrideLocation ?? lengthLocation, property.Name, arguments.Stride, Declarations.Display(property.Type));
            return false;
        }
        member.Kind = MemberKind.Counter;
        member.Primitive = keyword;
        member.Size = size;
        member.NaturalAlignment = size;
        member.AtomicAlignment = size;
        member.StoredType = keyword;
        return true;
    }

    /// <summary>Classifies a <c>[Field]</c>; false (with the problem reported) when it cannot be stored.</summary>
    public static bool ClassifyField(IPropertySymbol property, MemberDraft member, MemberArguments arguments, Location lengthLocation, Location typeLocation,
        ImmutableArray<LayoutProblem>.Builder problems, ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        ITypeSymbol type = property.Type;
        int length = arguments.Length;
        if (StoredTypes.TryCounterArray(type, out _))
        {
            problems.Report(LayoutDiagnostics.CounterArrayAsField, typeLocation, property.Name, Declarations.Display(type));
            return false;
        }
        if (StoredTypes.TryArray(type, out ITypeSymbol element, out bool ofLayouts))
        {
            return ClassifyArray(property, member, element, ofLayouts, length, lengthLocation, typeLocation, problems, enclosing, ct);
        }
        if (length != 0)
        {
            problems.Report(LayoutDiagnostics.LengthOnNonArray, lengthLocation, property.Name, length, Declarations.Display(type));
            return false;
        }
        if (StoredTypes.TryPrimitive(type, out string primitive, out int size))
        {
            member.Kind = MemberKind.Scalar;
            member.Primitive = primitive;
            member.Size = size;
            member.NaturalAlignment = size;
            member.StoredType = CanonicalText.Primitive(type, primitive);
            member.EnumName = SchemaBytes.EnumName(type);
            return true;
        }
        if (LayoutAttributes.IsLayout(type))
        {
            if (!TryNested(property, type, typeLocation, problems, enclosing, ct, out LayoutModel? nested, out int nestedAtomic))
            {
                return false;
            }
            member.Kind = MemberKind.Nested;
            member.Size = nested!.Size;
            member.NaturalAlignment = nested.Alignment;
            member.AtomicAlignment = nestedAtomic;
            member.StoredType = CanonicalText.Nested(nested.Hash);
            member.NestedModel = nested;
            return true;
        }
        problems.Report(LayoutDiagnostics.UnsupportedType, typeLocation, property.Name, Declarations.Display(type));
        return false;
    }

    private static bool ClassifyArray(IPropertySymbol property, MemberDraft member, ITypeSymbol element, bool ofLayouts, int length, Location lengthLocation,
        Location typeLocation, ImmutableArray<LayoutProblem>.Builder problems, ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        if (length <= 0)
        {
            problems.Report(LayoutDiagnostics.ArrayWithoutLength, lengthLocation, property.Name, length);
            return false;
        }
        int elementSize, elementAlignment, elementAtomic;
        string storedType;
        if (ofLayouts)
        {
            if (!TryNested(property, element, typeLocation, problems, enclosing, ct, out LayoutModel? nested, out elementAtomic))
            {
                return false;
            }
            elementSize = nested!.Size;
            elementAlignment = nested.Alignment;
            storedType = CanonicalText.LayoutArray(nested.Hash);
            member.Kind = MemberKind.LayoutArray;
            member.NestedModel = nested;
        }
        else
        {
            if (!StoredTypes.TryPrimitive(element, out string keyword, out elementSize))
            {
                problems.Report(LayoutDiagnostics.UnsupportedType, typeLocation, property.Name, Declarations.Display(property.Type));
                return false;
            }
            elementAlignment = elementSize;
            elementAtomic = 0;
            storedType = CanonicalText.Array(CanonicalText.Primitive(element, keyword));
            member.EnumName = SchemaBytes.EnumName(element);
            member.Primitive = keyword;
            member.Kind = MemberKind.Array;
        }
        long total = (long)elementSize * length;
        if (total > int.MaxValue)
        {
            problems.Report(LayoutDiagnostics.ArrayTooLarge, lengthLocation, property.Name, length, total, int.MaxValue);
            return false;
        }
        member.ElementTypeName = element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        member.Size = (int)total;
        member.Length = length;
        member.NaturalAlignment = elementAlignment;
        member.AtomicAlignment = elementAtomic;
        member.StoredType = storedType;
        return true;
    }

    /// <summary>A nested layout is usable when it is a valid layout that does not contain the one being computed (EMM007, EMM012, EMM034).</summary>
    private static bool TryNested(IPropertySymbol property, ITypeSymbol type, Location typeLocation, ImmutableArray<LayoutProblem>.Builder problems,
        ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct, out LayoutModel? model, out int atomicAlignment)
    {
        model = null;
        atomicAlignment = 0;
        if (type is not INamedTypeSymbol named || !LayoutAttributes.IsLayout(named))
        {
            problems.Report(LayoutDiagnostics.UnsupportedType, typeLocation, property.Name, Declarations.Display(property.Type));
            return false;
        }
        if (enclosing.Contains(named))
        {
            problems.Report(LayoutDiagnostics.LayoutContainsItself, typeLocation, property.Name, Declarations.Display(type));
            return false;
        }
        LayoutResult result = LayoutComputation.Compute(named, enclosing, ct);
        if (result.Model is null)
        {
            problems.Report(LayoutDiagnostics.NestedLayoutWithErrors, typeLocation, property.Name, Declarations.Display(type));
            return false;
        }
        model = result.Model;
        atomicAlignment = result.AtomicAlignment;
        return true;
    }
}
