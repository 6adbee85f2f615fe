using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// What a layout's members are: partial instance properties with a get accessor and one layout
/// attribute; no instance fields or auto-properties; no setter on counters and views, no init
/// (EMM008, EMM021 to EMM031), each reported on the member's name.
/// </summary>
public sealed class MemberShapeTests
{
    [Fact]
    public Task Attributed_property_that_is_not_partial_raises_EMM008() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public long {|#0:Total|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NotPartialProperty).WithArguments("Total", "Field")
            .WithMessage("'Total' has [Field] but is not a partial property; declare it 'partial' so the generator can implement it"));

    [Fact]
    public Task Instance_field_raises_EMM021() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            private long {|#0:_count|};
        }
        """,
        Diagnostic(LayoutDiagnostics.InstanceField).WithArguments("_count"));

    [Fact]
    public Task Auto_property_without_attribute_raises_EMM022() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            public long {|#0:Total|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.AutoProperty).WithArguments("Total"));

    [Fact]
    public Task Partial_property_without_attribute_raises_EMM023() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            public partial long {|#0:Requests|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MissingMemberAttribute).WithArguments("Requests"));

    [Fact]
    public Task Both_attributes_raise_EMM024() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0), AtomicCounter(0)] public partial long {|#0:Requests|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.BothMemberAttributes).WithArguments("Requests"));

    [Fact]
    public Task Static_member_raises_EMM025() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public static partial long {|#0:Total|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.StaticMember).WithArguments("Total"));

    [Fact]
    public Task Indexer_raises_EMM026() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long {|#0:this|}[int index] { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.Indexer).WithArguments("this[]"));

    [Fact]
    public Task Ref_returning_member_raises_EMM027() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial ref long {|#0:Total|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.RefReturn).WithArguments("Total"));

    [Fact]
    public Task Set_only_member_raises_EMM028() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long {|#0:Total|} { set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NoGetter).WithArguments("Total"));

    [Fact]
    public Task Counter_with_a_setter_raises_EMM029() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long {|#0:Requests|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterSetter).WithArguments("Requests")
            .WithMessage("'Requests' is an atomic counter, so it is read-only: declare it '{ get; }' and change it with the generated methods"));

    [Fact]
    public Task Nested_layout_or_array_with_a_setter_raises_EMM030() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Point
        {
            [Field(0)] public partial int X { get; set; }
        }

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial Point {|#0:Origin|} { get; set; }
            [Field(4, Length = 2)] public partial MappedArray<int> {|#1:Values|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ViewSetter, 0).WithArguments("Origin"),
        Diagnostic(LayoutDiagnostics.ViewSetter, 1).WithArguments("Values"));

    [Fact]
    public Task Init_accessor_raises_EMM031() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial long {|#0:Total|} { get; init; }
        }
        """,
        Diagnostic(LayoutDiagnostics.InitAccessor).WithArguments("Total"));

    [Fact]
    public Task Computed_properties_statics_and_constants_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            public const int Version = 1;
            public static int Instances;
            [AtomicCounter(0)] public partial long Requests { get; }
            public long Twice => Requests * 2;
        }
        """);
}
