using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>The types a layout member can store, and how many bytes each takes.</summary>
internal static class StoredTypes
{
    /// <summary>Primitives (and enums, by their underlying type) that a layout can store: the C# keyword and the size.</summary>
    public static bool TryPrimitive(ITypeSymbol type, out string keyword, out int size)
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

    /// <summary>The types an atomic counter may have (enums excluded: the generated arithmetic would not type-check).</summary>
    public static bool IsCounterType(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;

    /// <summary>Whether <paramref name="type"/> is <c>Emmap.AtomicCounterArray&lt;T&gt;</c>, and its element type.</summary>
    public static bool TryCounterArray(ITypeSymbol type, out ITypeSymbol element)
    {
        if (type is INamedTypeSymbol { Arity: 1, MetadataName: "AtomicCounterArray`1" } generic && generic.ContainingNamespace?.ToDisplayString() == "Emmap")
        {
            element = generic.TypeArguments[0];
            return true;
        }
        element = type;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is <c>Emmap.MappedArray&lt;T&gt;</c> or <c>Emmap.LayoutArray&lt;T&gt;</c>:
    /// its element type, and whether it is the array of layouts.
    /// </summary>
    public static bool TryArray(ITypeSymbol type, out ITypeSymbol element, out bool ofLayouts)
    {
        if (type is INamedTypeSymbol { Arity: 1 } generic && generic.ContainingNamespace?.ToDisplayString() == "Emmap"
            && (generic.MetadataName == "MappedArray`1" || generic.MetadataName == "LayoutArray`1"))
        {
            element = generic.TypeArguments[0];
            ofLayouts = generic.MetadataName == "LayoutArray`1";
            return true;
        }
        element = type;
        ofLayouts = false;
        return false;
    }
}
