using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM011 (array lengths) and EMM012 (nested layouts that cannot be used).</summary>
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
        Diagnostic(LayoutDiagnostics.ArrayLength).WithArguments("Values",
            "is an array with Length 0; give it a Length of at least 1, e.g. [Field(offset, Length = 4)]"));

    [Fact]
    public Task Length_on_a_scalar_fires_on_the_length() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, {|#0:Length = 4|})] public partial int Value { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ArrayLength).WithArguments("Value",
            "has Length 4 but type 'int' is not an array; use MappedArray<T> (or LayoutArray<T>), or remove Length"));

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
        Diagnostic(LayoutDiagnostics.NestedLayout).WithArguments("Inner", "Inner", "a layout with errors of its own; fix those first"),
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
        Diagnostic(LayoutDiagnostics.NestedLayout).WithArguments("Next", "Node", "which contains itself, so its size would be infinite; remove the cycle"));

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
