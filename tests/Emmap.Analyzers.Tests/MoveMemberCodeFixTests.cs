using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;
using Verify = Emmap.Analyzers.Tests.Verification.CodeFixVerifier<Emmap.Analyzers.CodeFixes.MoveMemberCodeFixProvider>;

namespace Emmap.Analyzers.Tests;

/// <summary>The move fix for EMM001 and EMM010, one at a time and as fix-all (the test library runs both).</summary>
public sealed class MoveMemberCodeFixTests
{
    [Fact]
    public Task Misaligned_counter_moves_to_the_suggested_offset() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 128, AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:12|})] public partial long Errors { get; }
        }
        """,
        [Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Errors", 8, 12, 16)],
        """
        using Emmap;

        [MappedLayout(Size = 128, AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter(16)] public partial long Errors { get; }
        }
        """);

    /// <summary>
    /// Fixed independently, both counters would go to 24 (A: 8 is taken by B, so 24; B: 16 is taken by
    /// Flags, so 24) and overlap. Fix-all recomputes after each move: A goes to 24, then B to 32.
    /// </summary>
    [Fact]
    public Task Fix_all_of_two_misaligned_counters_gives_a_valid_layout() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter({|#0:4|})] public partial long A { get; }
            [AtomicCounter({|#1:12|})] public partial long B { get; }
            [Field(20)] public partial int Flags { get; set; }
        }
        """,
        [
            Diagnostic(LayoutDiagnostics.MisalignedCounter, 0).WithArguments("A", 8, 4, 24),
            Diagnostic(LayoutDiagnostics.MisalignedCounter, 1).WithArguments("B", 8, 12, 24),
        ],
        """
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(24)] public partial long A { get; }
            [AtomicCounter(32)] public partial long B { get; }
            [Field(20)] public partial int Flags { get; set; }
        }
        """);

    [Fact]
    public Task Counter_sharing_a_line_moves_to_the_next_free_line() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:8|})] public partial long Errors { get; }
        }
        """,
        [Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("Requests", 0, "Errors", 8, 0, 64)],
        """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter(64)] public partial long Errors { get; }
        }
        """);

    /// <summary>Both would be sent to line 64 if fixed independently; fix-all gives each its own line.</summary>
    [Fact]
    public Task Fix_all_of_three_counters_in_one_line_gives_each_its_own_line() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:8|})] public partial long Errors { get; }
            [AtomicCounter({|#1:16|})] public partial long Timeouts { get; }
        }
        """,
        [
            Diagnostic(LayoutDiagnostics.FalseSharing, 0).WithArguments("Requests", 0, "Errors", 8, 0, 64),
            Diagnostic(LayoutDiagnostics.FalseSharing, 1).WithArguments("Requests", 0, "Timeouts", 16, 0, 64),
        ],
        """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter(64)] public partial long Errors { get; }
            [AtomicCounter(128)] public partial long Timeouts { get; }
        }
        """);

    [Fact]
    public async Task Offset_written_as_an_expression_is_replaced_keeping_its_trivia()
    {
        var test = new Verify("""
            using Emmap;

            [MappedLayout(AllowFalseSharing = true)]
            public partial struct Stats
            {
                private const int Base = 4;
                [AtomicCounter( {|#0:Base + 8|} )] public partial long Errors { get; }
            }
            """,
            """
            using Emmap;

            [MappedLayout(AllowFalseSharing = true)]
            public partial struct Stats
            {
                private const int Base = 4;
                [AtomicCounter( 16 )] public partial long Errors { get; }
            }
            """);
        test.ExpectedDiagnostics.Add(Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Errors", 8, 12, 16));
        await test.RunAsync();
    }

    [Fact]
    public Task A_counter_in_the_line_of_a_counter_arrays_last_element_moves_past_the_array() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
            [AtomicCounter({|#0:80|})] public partial long Hits { get; }
        }
        """,
        [Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("PerWorker", 64, "Hits", 80, 64, 128)],
        """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
            [AtomicCounter(128)] public partial long Hits { get; }
        }
        """);
}
