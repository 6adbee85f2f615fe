using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM001: an atomic counter off its size's multiple; EMM035: a nested layout holding counters off their alignment.</summary>
public sealed class MisalignedAtomicTests
{
    [Fact]
    public Task Long_counter_at_12_fires_on_the_offset_argument_and_suggests_16() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 128, AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:12|})] public partial long Errors { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Errors", 8, 12, 16));

    [Fact]
    public Task Suggestion_skips_members_in_the_way() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter({|#0:4|})] public partial long Errors { get; }
            [Field({|#1:8|})] public partial double Latency { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Errors", 8, 4, 16),
        Diagnostic(LayoutDiagnostics.Overlap, 1)
            .WithArguments("Latency", 8, 15, "Errors", 4, 11, 16));

    [Fact]
    public Task Int_counter_at_2_needs_a_multiple_of_4() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter({|#0:2|})] public partial int Hits { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Hits", 4, 2, 4));

    [Fact]
    public Task Nested_layout_holding_counters_must_sit_at_their_alignment() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Inner
        {
            [AtomicCounter(0)] public partial long Count { get; }
        }

        [MappedLayout]
        public partial struct Outer
        {
            [Field(0)] public partial byte Flag { get; set; }
            [Field({|#0:4|})] public partial Inner Inner { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounterHolder).WithArguments("Inner", 8, 4, 8));

    [Fact]
    public Task Long_counter_at_8_and_int_counter_at_4_are_aligned() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(4)] public partial int Small { get; }
            [AtomicCounter(8)] public partial long Big { get; }
        }
        """);
}
