using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM008: layout members are partial properties; no instance fields or auto-properties.</summary>
public sealed class MemberShapeTests
{
    [Fact]
    public Task Instance_field_fires_on_its_name() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            private long {|#0:_count|};
        }
        """,
        Diagnostic(LayoutDiagnostics.MemberShape).WithArguments("_count",
            "is an instance field, which lives in the view, not in mapped memory; make it a partial property with [Field(offset)]"));

    [Fact]
    public Task Auto_property_without_attribute_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            public long {|#0:Total|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MemberShape).WithArguments("Total",
            "is an auto-property, which stores its value in the view instead of in mapped memory; make it a partial property with [Field(offset)], or compute it from other members"));

    [Fact]
    public Task Attributed_property_that_is_not_partial_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public long {|#0:Total|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MemberShape).WithArguments("Total",
            "is not a partial property; declare it 'partial' (for example 'public partial long Name { get; }') so the generator can implement it"));

    [Fact]
    public Task Counter_with_a_setter_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long {|#0:Requests|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MemberShape).WithArguments("Requests",
            "is an atomic counter, so it is read-only: declare it '{ get; }' and change it with the generated methods"));

    [Fact]
    public Task Partial_property_without_attribute_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            public partial long {|#0:Requests|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MemberShape).WithArguments("Requests",
            "is a partial property without [Field(offset)] or [AtomicCounter(offset)]; add one so the generator can implement it"));

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
