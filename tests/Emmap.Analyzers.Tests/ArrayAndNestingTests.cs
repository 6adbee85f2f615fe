using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>Array lengths (EMM011, EMM032, EMM033) and nested layouts that cannot be used (EMM012, EMM034).</summary>
public sealed class ArrayAndNestingTests
{
    [Fact]
    public Task Array_without_length_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field({|#0:0|})] public partial MappedArray<int> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ArrayWithoutLength).WithArguments("Values", 0));

    [Fact]
    public Task Length_on_a_scalar_fires_on_the_length() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, {|#0:Length = 4|})] public partial int Value { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.LengthOnNonArray).WithArguments("Value", 4, "int"));

    [Fact]
    public Task Array_past_two_gigabytes_fires_on_the_length() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, {|#0:Length = 300000000|})] public partial MappedArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ArrayTooLarge).WithArguments("Values", 300000000, 2400000000L, int.MaxValue)
            .WithMessage("'Values' has Length 300000000, which makes it 2400000000 bytes, more than the 2147483647 bytes a layout can hold"));

    [Fact]
    public Task Arrays_with_a_length_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Slot
        {
            [AtomicCounter(0)] public partial long Hits { get; }
        }

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Table
        {
            [Field(0, Length = 4)] public partial MappedArray<int> Values { get; }
            [Field(16, Length = 2)] public partial LayoutArray<Slot> Slots { get; }
        }
        """);

    [Fact]
    public Task Nested_layout_with_errors_fires_on_the_member_type() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Inner
        {
            [AtomicCounter(0)] public partial {|#1:double|} Total { get; }
        }

        [MappedLayout]
        public partial struct Outer
        {
            [Field(0)] public partial {|#0:Inner|} Inner { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NestedLayoutWithErrors).WithArguments("Inner", "Inner"),
        Diagnostic(LayoutDiagnostics.CounterType, 1).WithArguments("Total", "double"));

    [Fact]
    public Task Layout_containing_itself_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Node
        {
            [Field(0)] public partial {|#0:Node|} Next { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.LayoutContainsItself).WithArguments("Next", "Node"));

    [Fact]
    public Task Valid_nested_layout_is_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Inner
        {
            [Field(0)] public partial int Value { get; set; }
        }

        [MappedLayout]
        public partial struct Outer
        {
            [Field(0)] public partial Inner First { get; }
            [Field(4)] public partial Inner Second { get; }
        }
        """);
}
