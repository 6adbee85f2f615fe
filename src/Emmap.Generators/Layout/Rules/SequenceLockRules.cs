using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for a layout's sequence lock (EMM042 to EMM044): a get-only property of type
/// <c>Emmap.SequenceLock</c> with <c>[SequenceLock(offset)]</c> only, at a multiple of 8
/// (<see cref="PlacementRules"/> checks it through its atomic alignment, with overlap and size like
/// any member), and at most one per layout.
/// </summary>
internal static class SequenceLockRules
{
    /// <summary>The bytes a lock takes: its sequence word and its owner word.</summary>
    public const int Size = 16;

    /// <summary>Classifies a <c>[SequenceLock]</c> property; false (with EMM044 reported) when it is not a get-only <c>SequenceLock</c>.</summary>
    public static bool Classify(IPropertySymbol property, MemberDraft member, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (!IsSequenceLock(property.Type))
        {
            problems.Report(LayoutDiagnostics.SequenceLockShape, SourceLocations.Of(property), property.Name,
                "is of type '" + Declarations.Display(property.Type) + "'");
            return false;
        }
        if (property.SetMethod is not null)
        {
            problems.Report(LayoutDiagnostics.SequenceLockShape, SourceLocations.Of(property), property.Name, "has a setter");
            return false;
        }
        member.Kind = MemberKind.SequenceLock;
        member.Primitive = "ulong"; // its words, as the schema stores them (a sequence and an owner)
        member.Size = Size;
        member.NaturalAlignment = 8;
        member.AtomicAlignment = 8;
        member.StoredType = "seqlock";
        return true;
    }

    /// <summary>A layout has at most one sequence lock (EMM043, on each one after the first in offset order).</summary>
    public static void CheckSingle(INamedTypeSymbol type, IReadOnlyList<MemberDraft> members, ImmutableArray<LayoutProblem>.Builder problems)
    {
        MemberDraft? first = null;
        foreach (MemberDraft member in members)
        {
            if (member.Kind != MemberKind.SequenceLock)
            {
                continue;
            }
            if (first is null)
            {
                first = member;
                continue;
            }
            problems.Report(LayoutDiagnostics.SecondSequenceLock, member.OffsetLocation, member.Name, type.Name, first.Name);
        }
    }

    private static bool IsSequenceLock(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 0, Name: "SequenceLock" } named && named.ContainingNamespace?.ToDisplayString() == "Emmap";
}
