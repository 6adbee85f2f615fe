using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Emmap.Layout;

/// <summary>Where in the source a problem is reported: the argument that is wrong, else the declaration's name.</summary>
internal static class SourceLocations
{
    /// <summary>The symbol's name in source, or <see cref="Location.None"/> for a symbol from metadata.</summary>
    public static Location Of(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

    /// <summary>The first positional argument of <paramref name="attribute"/> (a member's offset).</summary>
    public static Location? ConstructorArgument(AttributeData attribute, CancellationToken ct) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(ct) is AttributeSyntax { ArgumentList: { } list }
            && list.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null) is { } argument
            ? argument.GetLocation()
            : null;

    /// <summary>The argument <c><paramref name="name"/> = ...</c> of <paramref name="attribute"/>.</summary>
    public static Location? NamedArgument(AttributeData attribute, string name, CancellationToken ct) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(ct) is AttributeSyntax { ArgumentList: { } list }
            && list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? argument.GetLocation()
            : null;

    /// <summary>The whole attribute, as applied.</summary>
    public static Location? Attribute(AttributeData attribute, CancellationToken ct) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation();

    /// <summary>The type written in the property's declaration.</summary>
    public static Location? PropertyType(IPropertySymbol property, CancellationToken ct)
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
}
