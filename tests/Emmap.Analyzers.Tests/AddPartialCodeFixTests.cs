using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;
using Verify = Emmap.Analyzers.Tests.Verification.CodeFixVerifier<Emmap.Analyzers.CodeFixes.AddPartialCodeFixProvider>;

namespace Emmap.Analyzers.Tests;

/// <summary>The add-partial fix for EMM002 (struct), EMM015 (containing type) and EMM008 (plain property).</summary>
public sealed class AddPartialCodeFixTests
{
    [Fact]
    public Task Struct_gets_partial_after_its_modifiers() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public readonly struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        [Diagnostic(LayoutDiagnostics.TypeNotPartial).WithArguments("Stats")],
        """
        using Emmap;

        [MappedLayout]
        public readonly partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """);

    [Fact]
    public Task Struct_without_modifiers_keeps_its_indentation() => Verify.VerifyAsync("""
        using Emmap;

        namespace Demo
        {
            [MappedLayout]
            struct {|#0:Stats|}
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }
        }
        """,
        [Diagnostic(LayoutDiagnostics.TypeNotPartial).WithArguments("Stats")],
        """
        using Emmap;

        namespace Demo
        {
            [MappedLayout]
            partial struct Stats
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }
        }
        """);

    /// <summary>Fix-all over two layouts in one non-partial class adds 'partial' to the class once.</summary>
    [Fact]
    public Task Fix_all_makes_the_shared_containing_type_partial_once() => Verify.VerifyAsync("""
        using Emmap;

        public static class Outer
        {
            [MappedLayout]
            public partial struct {|#0:First|}
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }

            [MappedLayout]
            public struct {|#1:Second|}
            {
                [AtomicCounter(0)] public partial long Errors { get; }
            }
        }
        """,
        [
            Diagnostic(LayoutDiagnostics.ContainingTypeNotPartial, 0).WithArguments("First", "Outer"),
            Diagnostic(LayoutDiagnostics.TypeNotPartial, 1).WithArguments("Second"),
        ],
        """
        using Emmap;

        public static partial class Outer
        {
            [MappedLayout]
            public partial struct First
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }

            [MappedLayout]
            public partial struct Second
            {
                [AtomicCounter(0)] public partial long Errors { get; }
            }
        }
        """);

    [Fact]
    public Task Plain_properties_become_partial_with_fix_all() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public long {|#0:Total|} { get; set; }
            [AtomicCounter(8)] public long {|#1:Hits|} { get; }
        }
        """,
        [
            Diagnostic(LayoutDiagnostics.NotPartialProperty, 0).WithArguments("Total", "Field"),
            Diagnostic(LayoutDiagnostics.NotPartialProperty, 1).WithArguments("Hits", "AtomicCounter"),
        ],
        """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long Total { get; set; }
            [AtomicCounter(8)] public partial long Hits { get; }
        }
        """);

    [Fact]
    public async Task Property_with_a_body_gets_no_fix()
    {
        const string source = """
            using Emmap;

            [MappedLayout]
            public partial struct Stats
            {
                [Field(0)] public long {|#0:Total|} { get => 1; }
            }
            """;
        var test = new Verify(source, source);
        var expected = Diagnostic(LayoutDiagnostics.NotPartialProperty).WithArguments("Total", "Field");
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        await test.RunAsync();
    }

    [Fact]
    public async Task Generic_struct_gets_no_fix()
    {
        const string source = """
            using Emmap;

            [MappedLayout]
            public struct {|#0:Stats|}<T>
            {
            }
            """;
        var test = new Verify(source, source);
        var expected = Diagnostic(LayoutDiagnostics.GenericLayout).WithArguments("Stats");
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        await test.RunAsync();
    }
}
