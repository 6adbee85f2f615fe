using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The three attributes that declare a layout, and what their arguments say: <c>[MappedLayout]</c>'s
/// <c>Size</c> and <c>AllowFalseSharing</c>, a <c>[Field]</c>'s or <c>[AtomicCounter]</c>'s offset,
/// <c>Length</c> and <c>Stride</c>, each with the location of the argument so a problem can point at it.
/// </summary>
internal static class LayoutAttributes
{
    public const string MappedLayoutName = "Emmap.MappedLayoutAttribute";
    public const string FieldName = "Emmap.FieldAttribute";
    public const string AtomicCounterName = "Emmap.AtomicCounterAttribute";
    public const string SequenceLockName = "Emmap.SequenceLockAttribute";

    /// <summary>Whether <paramref name="type"/> carries <c>[MappedLayout]</c>.</summary>
    public static bool IsLayout(ITypeSymbol type) =>
        type is INamedTypeSymbol named && Find(named.GetAttributes(), MappedLayoutName) is not null;

    public static AttributeData? Find(ImmutableArray<AttributeData> attributes, string fullName)
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

    /// <summary>An attribute's name as written in source: <c>Field</c> for <c>FieldAttribute</c>.</summary>
    public static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? string.Empty;
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>The arguments of <c>[MappedLayout]</c> on <paramref name="type"/> (defaults when it has none).</summary>
    public static LayoutArguments ReadLayout(INamedTypeSymbol type, CancellationToken ct)
    {
        var arguments = new LayoutArguments();
        if (Find(type.GetAttributes(), MappedLayoutName) is not { } attribute)
        {
            return arguments;
        }
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Size" && named.Value.Value is int size)
            {
                arguments.Size = size;
                arguments.SizeLocation = SourceLocations.NamedArgument(attribute, "Size", ct);
            }
            else if (named.Key == "AllowFalseSharing" && named.Value.Value is bool allow)
            {
                arguments.AllowFalseSharing = allow;
            }
        }
        return arguments;
    }

    /// <summary>The offset and <c>Length</c> of a member's <c>[Field]</c> or <c>[AtomicCounter]</c>.</summary>
    public static MemberArguments ReadMember(AttributeData attribute, CancellationToken ct)
    {
        var arguments = new MemberArguments
        {
            Offset = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int offset ? offset : 0,
            OffsetLocation = SourceLocations.ConstructorArgument(attribute, ct),
        };
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Length" && named.Value.Value is int length)
            {
                arguments.Length = length;
                arguments.LengthLocation = SourceLocations.NamedArgument(attribute, "Length", ct);
            }
            else if (named.Key == "FormerNames" && named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull)
            {
                var names = ImmutableArray.CreateBuilder<string>();
                foreach (TypedConstant value in named.Value.Values)
                {
                    names.Add(value.Value as string ?? string.Empty);
                }
                arguments.FormerNames = names.ToImmutable();
                arguments.FormerNamesLocation = SourceLocations.NamedArgument(attribute, "FormerNames", ct);
            }
            else if (named.Key == "Waitable" && named.Value.Value is bool waitable)
            {
                arguments.Waitable = waitable;
            }
            else if (named.Key == "Stride" && named.Value.Value is int stride)
            {
                arguments.Stride = stride;
                arguments.StrideLocation = SourceLocations.NamedArgument(attribute, "Stride", ct);
            }
        }
        return arguments;
    }
}

/// <summary>What <c>[MappedLayout]</c> says: the declared size (0 when computed) and whether false sharing is allowed.</summary>
internal sealed class LayoutArguments
{
    public int Size { get; set; }
    public Location? SizeLocation { get; set; }
    public bool AllowFalseSharing { get; set; }
}

/// <summary>What a member's attribute says: its offset and, for arrays, its length and (counter arrays) stride, 0 when not given.</summary>
internal sealed class MemberArguments
{
    public int Offset { get; set; }
    public Location? OffsetLocation { get; set; }
    public int Length { get; set; }
    public Location? LengthLocation { get; set; }
    public int Stride { get; set; }

    /// <summary><c>[Field(Waitable = ...)]</c>: whether the member gets waits and its setter wakes waiters (true unless set false).</summary>
    public bool Waitable { get; set; } = true;
    public Location? StrideLocation { get; set; }
    public ImmutableArray<string> FormerNames { get; set; } = ImmutableArray<string>.Empty;
    public Location? FormerNamesLocation { get; set; }
}
