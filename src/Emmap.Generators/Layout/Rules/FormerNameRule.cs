using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Emmap.Layout;

/// <summary>
/// The rule for <c>FormerNames</c> (EMM042): each former name is an identifier, and no name, current
/// or former, belongs to two members of a layout (or twice to one), since a file's member is matched
/// to the layout's by these names. At most 255 per member (the schema stores the count in a byte).
/// Reported on <c>FormerNames</c>.
/// </summary>
internal static class FormerNameRule
{
    public static void Check(IReadOnlyList<MemberDraft> members, ImmutableArray<LayoutProblem>.Builder problems)
    {
        var owners = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (MemberDraft member in members)
        {
            owners[member.Name] = member.Name;
        }
        foreach (MemberDraft member in members)
        {
            if (member.FormerNames.Length > 255)
            {
                problems.Report(LayoutDiagnostics.InvalidFormerName, member.FormerNamesLocation, member.Name, member.FormerNames.Length + " names",
                    "at most 255 former names are kept");
                continue;
            }
            foreach (string former in member.FormerNames)
            {
                if (!SyntaxFacts.IsValidIdentifier(former))
                {
                    problems.Report(LayoutDiagnostics.InvalidFormerName, member.FormerNamesLocation, member.Name, "'" + former + "'", "it is not an identifier");
                }
                else if (owners.TryGetValue(former, out string? owner))
                {
                    problems.Report(LayoutDiagnostics.InvalidFormerName, member.FormerNamesLocation, member.Name, "'" + former + "'",
                        owner == member.Name && former == member.Name ? "it is the member's own name" : "it is already a name of '" + owner + "'");
                }
                else
                {
                    owners[former] = member.Name;
                }
            }
        }
    }
}
