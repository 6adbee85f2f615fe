using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM002: a layout must be a non-generic partial struct inside partial, non-generic types.</summary>
public sealed class TypeShapeTests
{
    [Fact]
    public Task Struct_without_partial_fires_on_its_name() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NotPartialStruct).WithArguments("'Stats' is not declared partial"));

    [Fact]
    public Task Containing_type_without_partial_fires() => VerifyAsync("""
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
        Diagnostic(LayoutDiagnostics.NotPartialStruct).WithArguments("'Stats' is nested in 'Outer', which is not declared partial"));

    [Fact]
    public Task Generic_struct_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct {|#0:Stats|}<T>
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NotPartialStruct).WithArguments("'Stats' is generic"));

    [Fact]
    public Task Record_struct_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial record struct {|#0:Stats|}
        {
            [AtomicCounter(0)] public partial long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.NotPartialStruct).WithArguments("'Stats' is a record struct"));

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
