using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// <c>FormerNames</c> on <c>[Field]</c> and <c>[AtomicCounter]</c> (EMM042): identifiers no other
/// name of the layout uses are fine; a name that is not an identifier, the member's own name, or a
/// name (current or former) of another member is an error on <c>FormerNames</c>.
/// </summary>
public sealed class FormerNameTests
{
    [Fact]
    public Task Former_names_that_identify_one_member_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0, FormerNames = new[] { "Hits", "Count" })] public partial long Requests { get; }
            [Field(8, FormerNames = ["Status"])] public partial int State { get; set; }
        }
        """);

    [Fact]
    public Task A_former_name_that_is_another_members_name_fires_on_FormerNames() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long Requests { get; set; }
            [Field(8, {|#0:FormerNames = ["Requests"]|})] public partial long Served { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.InvalidFormerName).WithArguments("Served", "'Requests'", "it is already a name of 'Requests'"));

    [Fact]
    public Task A_former_name_two_members_declare_fires_on_the_second() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, FormerNames = ["Old"])] public partial long A { get; set; }
            [Field(8, {|#0:FormerNames = ["Old"]|})] public partial long B { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.InvalidFormerName).WithArguments("B", "'Old'", "it is already a name of 'A'"));

    [Fact]
    public Task The_members_own_name_and_a_non_identifier_fire() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, {|#0:FormerNames = ["A"]|})] public partial long A { get; set; }
            [Field(8, {|#1:FormerNames = ["not a name"]|})] public partial long B { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.InvalidFormerName).WithArguments("A", "'A'", "it is the member's own name"),
        Diagnostic(LayoutDiagnostics.InvalidFormerName, 1).WithArguments("B", "'not a name'", "it is not an identifier"));
}
