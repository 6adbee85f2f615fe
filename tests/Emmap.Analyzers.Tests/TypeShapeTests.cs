using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// The layout struct itself: a non-generic, non-record, non-ref partial struct inside partial,
/// non-generic types (EMM002, EMM015 to EMM020), each reported on the struct's name.
/// </summary>
public sealed class TypeShapeTests
{
    [Fact]
    public Task Struct_without_partial_raises_EMM002() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.TypeNotPartial).WithArguments("Stats")
            .WithMessage("'Stats' is not declared partial; declare it 'partial struct' so the generator can add its members"));

    [Fact]
    public Task Containing_type_without_partial_raises_EMM015() => VerifyAsync("""
        using Emmap;

        public class Outer
        {
            [MappedLayout]
            public partial struct {|#0:Stats|}
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }
        }
        """,
        Diagnostic(LayoutDiagnostics.ContainingTypeNotPartial).WithArguments("Stats", "Outer"));

    [Fact]
    public Task Class_raises_EMM016() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial class {|#0:Stats|}
        {
        }
        """,
        Diagnostic(LayoutDiagnostics.NotAStruct).WithArguments("Stats", "class"));

    [Fact]
    public Task Record_struct_raises_EMM017() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial record struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.RecordStruct).WithArguments("Stats"));

    [Fact]
    public Task Ref_struct_raises_EMM018() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public ref partial struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.RefStruct).WithArguments("Stats"));

    [Fact]
    public Task Generic_struct_raises_EMM019() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct {|#0:Stats|}<T>
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.GenericLayout).WithArguments("Stats"));

    [Fact]
    public Task Struct_in_a_generic_type_raises_EMM020() => VerifyAsync("""
        using Emmap;

        public partial class Registry<T>
        {
            [MappedLayout]
            public partial struct {|#0:Stats|}
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }
        }
        """,
        Diagnostic(LayoutDiagnostics.NestedInGenericType).WithArguments("Stats", "Registry"));

    [Fact]
    public Task Readonly_partial_struct_in_partial_class_is_fine() => VerifyAsync("""
        using Emmap;

        public static partial class Outer
        {
            [MappedLayout]
            public readonly partial struct Stats
            {
                [AtomicCounter(0)] public partial long Requests { get; }
            }
        }
        """);
}
