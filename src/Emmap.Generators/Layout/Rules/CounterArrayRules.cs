using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for what an <c>[AtomicCounter(offset, Length = n, Stride = s)]</c> of type
/// <c>AtomicCounterArray&lt;T&gt;</c> stores (EMM003, EMM011, EMM032, EMM038): int, uint, long or
/// ulong elements, at least one, a stride that is a positive multiple of the element size (so every
/// element is aligned when the first one is), and a span that fits in a layout. The member's size
/// is that span, <c>(n - 1) * s + sizeof(T)</c>, so the placement rules check every element's
/// overlap and size through it, and its atomic alignment the first element's alignment.
/// </summary>
internal static class CounterArrayRules
{
    public static bool Classify(IPropertySymbol property, ITypeSymbol element, MemberDraft member, MemberArguments arguments,
        Location lengthLocation, Location typeLocation, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (!StoredTypes.TryPrimitive(element, out string keyword, out int size) || !StoredTypes.IsCounterType(element))
        {
            problems.Report(LayoutDiagnostics.CounterType, typeLocation, property.Name, Declarations.Display(property.Type));
            return false;
        }
        int length = arguments.Length;
        if (length <= 0)
        {
            problems.Report(LayoutDiagnostics.ArrayWithoutLength, lengthLocation, property.Name, length);
            return false;
        }
        int stride = arguments.Stride == 0 ? size : arguments.Stride;
        if (stride < 0 || stride % size != 0)
        {
            int suggestion = stride < size ? size : (int)OffsetSearch.RoundUp(stride, size);
            problems.Report(LayoutDiagnostics.InvalidStride, arguments.StrideLocation ?? lengthLocation, property.Name, stride, size, suggestion);
            return false;
        }
        long span = (long)(length - 1) * stride + size;
        if (span > int.MaxValue)
        {
            problems.Report(LayoutDiagnostics.ArrayTooLarge, lengthLocation, property.Name, length, span, int.MaxValue);
            return false;
        }
        member.Kind = MemberKind.CounterArray;
        member.Primitive = keyword;
        member.ElementTypeName = element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        member.Size = (int)span;
        member.Length = length;
        member.Stride = stride;
        member.StrideLocation = arguments.StrideLocation ?? lengthLocation;
        member.NaturalAlignment = size;
        member.AtomicAlignment = size;
        member.StoredType = CanonicalText.CounterArray(keyword, stride);
        return true;
    }
}
