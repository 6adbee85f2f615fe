using System;
using System.Collections.Generic;
using System.Linq;

namespace Emmap.Layout;

/// <summary>
/// Where a misplaced member could go instead: the offsets the placement rules suggest in their
/// messages and the code fixes move members to. Suggestions only look at the layout's other
/// members, never at the moved member's old place.
/// </summary>
internal static class OffsetSearch
{
    public const int CacheLineSize = 64;

    /// <summary>The first offset at or after <paramref name="from"/>, aligned, where <paramref name="member"/> overlaps nothing else.</summary>
    public static int FreeOffset(IReadOnlyList<MemberDraft> members, MemberDraft member, int alignment, int from)
    {
        long candidate = RoundUp(Math.Max(from, 0), alignment);
        bool moved = true;
        while (moved && candidate < int.MaxValue)
        {
            moved = false;
            foreach (MemberDraft other in members)
            {
                if (other != member && Overlaps(other.Offset, other.Size, candidate, member.Size))
                {
                    candidate = RoundUp((long)other.Offset + other.Size, alignment);
                    moved = true;
                }
            }
        }
        return (int)Math.Min(candidate, int.MaxValue);
    }

    /// <summary>
    /// The start of the first cache line after the one <paramref name="counter"/> is on where it
    /// overlaps nothing and shares the line with no other counter (a counter array holds every line
    /// from its first element's to its last one's).
    /// </summary>
    public static int FreeCacheLine(IReadOnlyList<MemberDraft> members, MemberDraft counter)
    {
        int suggestion = counter.Offset / CacheLineSize * CacheLineSize + CacheLineSize;
        while (members.Any(m => m != counter && (Overlaps(m.Offset, m.Size, suggestion, counter.Size)
            || (m.IsCounter && m.Offset / CacheLineSize <= suggestion / CacheLineSize && suggestion / CacheLineSize <= m.LastElementOffset / CacheLineSize))))
        {
            suggestion += CacheLineSize;
        }
        return suggestion;
    }

    /// <summary>Whether two byte ranges share a byte (an empty range overlaps nothing).</summary>
    public static bool Overlaps(long aOffset, long aSize, long bOffset, long bSize) =>
        aSize > 0 && bSize > 0 && aOffset < bOffset + bSize && bOffset < aOffset + aSize;

    /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="alignment"/>.</summary>
    public static long RoundUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
