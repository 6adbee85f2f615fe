using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// <c>[Field]</c> or <c>[AtomicCounter]</c> on a property of a type without <c>[MappedLayout]</c> does
/// nothing (EMM014, a warning). Reported on the attribute.
/// </summary>
internal static class StrayMemberRule
{
    /// <summary>The problem with <paramref name="property"/>, or <see langword="null"/> when it is fine.</summary>
    public static LayoutProblem? Check(IPropertySymbol property, CancellationToken ct)
    {
        ImmutableArray<AttributeData> attributes = property.GetAttributes();
        AttributeData? attribute = LayoutAttributes.Find(attributes, LayoutAttributes.FieldName)
            ?? LayoutAttributes.Find(attributes, LayoutAttributes.AtomicCounterName)
            ?? LayoutAttributes.Find(attributes, LayoutAttributes.SequenceLockName);
        if (attribute is null || property.ContainingType is not { } type || LayoutAttributes.IsLayout(type))
        {
            return null;
        }
        string name = LayoutAttributes.ShortName(attribute);
        Location location = SourceLocations.Attribute(attribute, ct) ?? SourceLocations.Of(property);
        return new LayoutProblem(LayoutDiagnostics.StrayMember, location, new object?[] { property.Name, name, type.Name });
    }
}
