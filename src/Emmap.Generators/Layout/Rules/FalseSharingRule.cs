using System.Collections.Generic;
using System.Collections.Immutable;

namespace Emmap.Layout;

/// <summary>
/// Atomic counters on one 64-byte cache line (warnings unless <c>AllowFalseSharing</c>): cores
/// updating them take the line from each other. Two counters, or a counter and the first or last
/// element of a counter array beside it, on one line give EMM010, reported on the later member's
/// offset with the start of the next cache line it could have to itself. Two elements of one counter
/// array on one line (a stride under 64) give EMM039, reported on its <c>Stride</c> (else its
/// <c>Length</c>), suggesting a stride of 64.
/// </summary>
internal static class FalseSharingRule
{
    /// <summary>Checks the aligned counters of a layout; <paramref name="members"/> must be in offset order.</summary>
    public static void Check(IReadOnlyList<MemberDraft> members, ImmutableArray<LayoutProblem>.Builder problems)
    {
        MemberDraft? previous = null;
        foreach (MemberDraft member in members)
        {
            if (!member.IsCounter || member.Offset % member.AtomicAlignment != 0)
            {
                continue;
            }
            if (member.Kind == MemberKind.CounterArray)
            {
                CheckElements(member, problems);
            }
            if (previous is not null && Line(previous.LastElementOffset) == Line(member.Offset))
            {
                int line = Line(member.Offset) * OffsetSearch.CacheLineSize;
                int suggestion = OffsetSearch.FreeCacheLine(members, member);
                problems.Add(new LayoutProblem(LayoutDiagnostics.FalseSharing, member.OffsetLocation,
                    new object?[] { previous.Name, previous.LastElementOffset, member.Name, member.Offset, line, suggestion }, suggestion));
                continue;
            }
            previous = member;
        }
    }

    /// <summary>
    /// The first two neighbouring elements of a counter array on one line, if any. Element offsets
    /// modulo 64 repeat after at most 64 elements, so looking at the first 64 pairs is enough.
    /// </summary>
    private static void CheckElements(MemberDraft array, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (array.Stride >= OffsetSearch.CacheLineSize)
        {
            return;
        }
        int pairs = System.Math.Min(array.Length - 1, OffsetSearch.CacheLineSize);
        for (int i = 0; i < pairs; i++)
        {
            long first = (long)array.Offset + (long)i * array.Stride;
            if (Line(first) == Line(first + array.Stride))
            {
                problems.Report(LayoutDiagnostics.ElementFalseSharing, array.StrideLocation, array.Name, array.Stride, i, i + 1, OffsetSearch.CacheLineSize);
                return;
            }
        }
    }

    private static long Line(long offset) => offset / OffsetSearch.CacheLineSize;

    private static int Line(int offset) => offset / OffsetSearch.CacheLineSize;
}
