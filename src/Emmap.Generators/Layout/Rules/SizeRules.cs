using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for the layout's size (EMM013, EMM036, EMM037): a declared <c>Size</c> is 0 or more
/// and a multiple of the layout's alignment; the size, declared or computed, fits in an
/// <see cref="int"/>. Reported on <c>Size</c>, else on the struct's name.
/// </summary>
internal static class SizeRules
{
    /// <summary>Checks the size; returns it (the declared one, or the members' end rounded up to the alignment).</summary>
    public static long Check(INamedTypeSymbol type, LayoutArguments arguments, long end, int alignment, ImmutableArray<LayoutProblem>.Builder problems)
    {
        Location location = arguments.SizeLocation ?? SourceLocations.Of(type);
        long size = arguments.Size;
        if (arguments.Size < 0)
        {
            problems.Report(LayoutDiagnostics.NegativeSize, location, arguments.Size);
        }
        else if (arguments.Size == 0)
        {
            size = OffsetSearch.RoundUp(end, alignment);
        }
        else if (arguments.Size % alignment != 0)
        {
            problems.Report(LayoutDiagnostics.SizeAlignment, location, arguments.Size, alignment, OffsetSearch.RoundUp(arguments.Size, alignment));
        }
        if (size > int.MaxValue)
        {
            problems.Report(LayoutDiagnostics.LayoutTooLarge, SourceLocations.Of(type), type.Name, size, int.MaxValue);
        }
        return size;
    }
}
