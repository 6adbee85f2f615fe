using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM004 (negative offset), EMM036 (negative size), EMM005 (overlap), EMM006 (past the size), EMM013 (size vs alignment).</summary>
public sealed class PlacementTests
{
    [Fact]
    public Task Negative_offset_fires_on_the_offset() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field({|#0:-8|})] public partial long Total { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NegativeOffset).WithArguments("Total", -8));

    [Fact]
    public Task Negative_size_fires_on_the_size() => VerifyAsync("""
        using Emmap;

        [MappedLayout({|#0:Size = -1|})]
        public partial struct Stats
        {
            [Field(0)] public partial byte Flag { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NegativeSize).WithArguments(-1));

    [Fact]
    public Task Overlapping_members_fire_on_the_later_one() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long Total { get; set; }
            [Field({|#0:4|})] public partial int Count { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.Overlap).WithArguments("Count", 4, 7, "Total", 0, 7, 8));

    [Fact]
    public Task Adjacent_members_do_not_overlap() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long Total { get; set; }
            [Field(8)] public partial int Count { get; set; }
        }
        """);

    [Fact]
    public Task Member_past_the_size_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 8)]
        public partial struct Stats
        {
            [Field(0)] public partial int First { get; set; }
            [Field({|#0:8|})] public partial int Second { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.PastSize).WithArguments("Second", 12, 8));

    [Fact]
    public Task Member_ending_exactly_at_the_size_is_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 16)]
        public partial struct Stats
        {
            [Field(12)] public partial int Last { get; set; }
        }
        """);

    [Fact]
    public Task Size_not_a_multiple_of_alignment_fires_on_the_size() => VerifyAsync("""
        using Emmap;

        [MappedLayout({|#0:Size = 12|})]
        public partial struct Stats
        {
            [Field(0)] public partial long Total { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.SizeAlignment).WithArguments(12, 8, 16));

    [Fact]
    public Task Layout_past_two_gigabytes_fires_on_the_struct_name() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct {|#0:Stats|}
        {
            [Field(2147483640)] public partial long Last { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.LayoutTooLarge).WithArguments("Stats", 2147483648L, int.MaxValue)
            .WithMessage("'Stats' is 2147483648 bytes, more than the 2147483647 bytes a layout can hold"));

    [Fact]
    public Task Size_a_multiple_of_alignment_is_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 24)]
        public partial struct Stats
        {
            [Field(0)] public partial long Total { get; set; }
        }
        """);
}
