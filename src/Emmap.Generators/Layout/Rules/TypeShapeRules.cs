using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for the layout struct itself (EMM002, EMM015 to EMM020): a non-generic, non-record,
/// non-ref <c>partial struct</c> inside partial, non-generic types, so the generator can add a
/// <c>partial struct</c> declaration beside the user's. Reported on the struct's name.
/// </summary>
internal static class TypeShapeRules
{
    /// <summary>Reports the first shape problem of <paramref name="type"/>; returns whether the generator can extend it.</summary>
    public static bool Check(INamedTypeSymbol type, ImmutableArray<LayoutProblem>.Builder problems, CancellationToken ct)
    {
        Location location = SourceLocations.Of(type);
        if (type.TypeKind != TypeKind.Struct)
        {
            problems.Report(LayoutDiagnostics.NotAStruct, location, type.Name, Declarations.KindOf(type));
            return false;
        }
        if (type.IsRecord)
        {
            problems.Report(LayoutDiagnostics.RecordStruct, location, type.Name);
            return false;
        }
        if (type.IsRefLikeType)
        {
            problems.Report(LayoutDiagnostics.RefStruct, location, type.Name);
            return false;
        }
        if (type.Arity > 0)
        {
            problems.Report(LayoutDiagnostics.GenericLayout, location, type.Name);
            return false;
        }
        if (!Declarations.IsPartial(type, ct))
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.TypeNotPartial, location, new object?[] { type.Name }, addPartial: true));
            return false;
        }
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.Arity > 0)
            {
                problems.Report(LayoutDiagnostics.NestedInGenericType, location, type.Name, outer.Name);
                return false;
            }
            if (!Declarations.IsPartial(outer, ct))
            {
                // Adding 'partial' mends it unless a generic type further out makes the layout generic anyway.
                problems.Add(new LayoutProblem(LayoutDiagnostics.ContainingTypeNotPartial, location, new object?[] { type.Name, outer.Name },
                    addPartial: !Declarations.IsGenericOrInGeneric(outer)));
                return false;
            }
        }
        return true;
    }
}
