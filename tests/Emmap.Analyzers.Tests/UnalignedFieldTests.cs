using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM009 (warning): a plain field off its natural alignment.</summary>
public sealed class UnalignedFieldTests
{
    [Fact]
    public Task Int_at_2_fires_and_suggests_4() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial byte Flag { get; set; }
            [Field({|#0:2|})] public partial int Value { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.UnalignedField).WithArguments("Value", 4, 2, 4));

    [Fact]
    public Task Array_alignment_is_its_element_size() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field({|#0:2|}, Length = 2)] public partial MappedArray<int> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.UnalignedField).WithArguments("Values", 4, 2, 4));

    [Fact]
    public Task Naturally_aligned_fields_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial byte Flag { get; set; }
            [Field(1)] public partial byte Other { get; set; }
            [Field(2)] public partial short Small { get; set; }
            [Field(8)] public partial double Ratio { get; set; }
        }
        """);
}
