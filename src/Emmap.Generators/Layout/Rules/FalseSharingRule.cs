using System.Collections.Generic;
using System.Collections.Immutable;

namespace Emmap.Layout;

/// <summary>
/// Two atomic counters on one 64-byte cache line (EMM010, a warning unless <c>AllowFalseSharing</c>):
/// cores updating them take the line from each other. Reported on the later counter's offset, with
/// the start of the next cache line it could have to itself.
/// </summary>
internal static class FalseSharingRule
{
    /// <summary>Checks the aligned counters of a layout; <paramref name="members"/> must be in offset order.</summary>
    public static void Check(IReadOnlyList<MemberDraft> members, ImmutableArray<LayoutProblem>.Builder problems)
    {
        MemberDraft? previous = null;
        foreach (MemberDraft member in members)
        {
            if (member.Kind != MemberKind.Counter || member.Offset % member.Size != 0)
            {
                continue;
            }
            if (previous is not null && previous.Offset / OffsetSearch.CacheLineSize == member.Offset / OffsetSearch.CacheLineSize)
            {
                int line = member.Offset / OffsetSearch.CacheLineSize * OffsetSearch.CacheLineSize;
                int suggestion = OffsetSearch.FreeCacheLine(members, member);
                problems.Add(new LayoutProblem(LayoutDiagnostics.FalseSharing, member.OffsetLocation,
                    new object?[] { previous.Name, previous.Offset, member.Name, member.Offset, line, suggestion }, suggestion));
                continue;
            }
            previous = member;
        }
    }
}
