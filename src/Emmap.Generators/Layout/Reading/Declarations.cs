using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Emmap.Layout;

/// <summary>
/// What the declarations of a layout and its members say that symbols do not: <c>partial</c>
/// modifiers, accessor bodies, and the modifiers the generated implementation repeats.
/// </summary>
internal static class Declarations
{
    /// <summary>Whether every source declaration of <paramref name="type"/> says <c>partial</c> (false when it has none).</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken ct)
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

    /// <summary>Whether <paramref name="type"/> or a type around it is generic.</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
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
    public static bool HasOnlyBodilessAccessors(IPropertySymbol property, CancellationToken ct)
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

    /// <summary>Copies the partial declaration's modifiers (and its accessors') to <paramref name="member"/>, as the implementation must repeat them.</summary>
    public static void CaptureModifiers(IPropertySymbol property, MemberDraft member, CancellationToken ct)
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

    /// <summary>The types around <paramref name="type"/>, outermost first, as the generator re-opens them.</summary>
    /// <param name="type">The layout.</param>
    /// <param name="metadataNames">Whether to name them as metadata does (<c>Outer`1</c>), which keeps output file names of generic types apart.</param>
    public static ImmutableArray<ContainingType> ContainingTypes(INamedTypeSymbol type, bool metadataNames)
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
            chain.Insert(0, new ContainingType(keyword, metadataNames ? outer.MetadataName : outer.Name));
        }
        return chain.ToImmutableArray();
    }

    /// <summary>What kind of type <paramref name="type"/> is, in words (<c>class</c>, <c>record class</c>, <c>interface</c>...).</summary>
    public static string KindOf(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Class => type.IsRecord ? "record class" : "class",
        TypeKind.Interface => "interface",
        TypeKind.Enum => "enum",
        TypeKind.Delegate => "delegate",
        _ => type.TypeKind.ToString().ToLowerInvariant(),
    };

    /// <summary>A type as messages show it (<c>MappedArray&lt;decimal&gt;</c>).</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
