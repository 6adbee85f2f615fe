using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for where members sit (EMM001, EMM004, EMM005, EMM006, EMM009, EMM035): at an offset of
/// 0 or more, atomics at a multiple of their size, every field at its natural alignment, no two
/// overlapping, none past a declared size. A counter array is one member spanning its first
/// element's start to its last one's end, aligned when its first element is (its stride is a
/// multiple of the element size). Reported on the offset argument, with the offset to use
/// instead where one exists (<see cref="OffsetSearch"/>).
/// </summary>
internal static class PlacementRules
{
    /// <summary>An offset counts bytes from the start of the layout (EMM004).</summary>
    public static bool CheckOffset(IPropertySymbol property, int offset, Location location, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (offset >= 0)
        {
            return true;
        }
        problems.Report(LayoutDiagnostics.NegativeOffset, location, property.Name, offset);
        return false;
    }

    /// <summary>Checks every member of a layout; <paramref name="members"/> must be in offset order.</summary>
    public static void Check(IReadOnlyList<MemberDraft> members, int declaredSize, ImmutableArray<LayoutProblem>.Builder problems)
    {
        for (int i = 0; i < members.Count; i++)
        {
            MemberDraft member = members[i];
            CheckAlignment(members, member, problems);
            for (int j = 0; j < i; j++)
            {
                MemberDraft earlier = members[j];
                if (OffsetSearch.Overlaps(earlier.Offset, earlier.Size, member.Offset, member.Size))
                {
                    int suggestion = OffsetSearch.FreeOffset(members, member, member.NaturalAlignment, earlier.Offset + earlier.Size);
                    problems.Add(new LayoutProblem(LayoutDiagnostics.Overlap, member.OffsetLocation,
                        new object?[] { member.Name, member.Offset, member.Offset + member.Size - 1, earlier.Name, earlier.Offset, earlier.Offset + earlier.Size - 1, suggestion },
                        suggestion));
                    break;
                }
            }

            long end = (long)member.Offset + member.Size;
            if (declaredSize > 0 && end > declaredSize)
            {
                problems.Report(LayoutDiagnostics.PastSize, member.OffsetLocation, member.Name, end, declaredSize);
            }
        }
    }

    /// <summary>Atomics first (an error: a misaligned atomic tears or faults), then natural alignment (a warning).</summary>
    private static void CheckAlignment(IReadOnlyList<MemberDraft> members, MemberDraft member, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (member.AtomicAlignment > 0 && member.Offset % member.AtomicAlignment != 0)
        {
            int suggestion = OffsetSearch.FreeOffset(members, member, member.AtomicAlignment, member.Offset);
            DiagnosticDescriptor descriptor = member.Kind == MemberKind.SequenceLock ? LayoutDiagnostics.MisalignedSequenceLock
                : member.IsCounter ? LayoutDiagnostics.MisalignedCounter : LayoutDiagnostics.MisalignedCounterHolder;
            problems.Add(new LayoutProblem(descriptor, member.OffsetLocation,
                new object?[] { member.Name, member.AtomicAlignment, member.Offset, suggestion }, suggestion));
        }
        else if (member.Offset % member.NaturalAlignment != 0)
        {
            int suggestion = OffsetSearch.FreeOffset(members, member, member.NaturalAlignment, member.Offset);
            problems.Add(new LayoutProblem(LayoutDiagnostics.UnalignedField, member.OffsetLocation,
                new object?[] { member.Name, member.NaturalAlignment, member.Offset, suggestion }, suggestion));
        }
    }
}
