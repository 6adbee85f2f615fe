using System.Reflection;
using Emmap.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// The analyzer and the generator agree because they share one computation: a layout gets a working
/// implementation exactly when the analyzer finds no error in it; otherwise its generated file holds
/// an <c>#error</c> for each of those errors (and a throwing shell when the struct can be extended).
/// </summary>
public sealed class AgreementTests
{
    /// <summary>One layout per rule, plus valid ones; the layout under test is always named <c>Subject</c>.</summary>
    public static TheoryData<string, bool, string> Layouts => new()
    {
        { "valid: counters, fields, array", true, """
            [MappedLayout(Size = 128)]
            public partial struct Subject
            {
                [AtomicCounter(0)] public partial long Requests { get; }
                [AtomicCounter(64)] public partial long Errors { get; }
                [Field(8)] public partial int State { get; set; }
                [Field(16, Length = 4)] public partial MappedArray<short> Codes { get; }
            }
            """ },
        { "valid: nested layout", true, """
            [MappedLayout]
            public partial struct Inner { [AtomicCounter(0)] public partial long Count { get; } }

            [MappedLayout]
            public partial struct Subject { [Field(8)] public partial Inner Inner { get; } }
            """ },
        { "EMM001 misaligned counter", false, """
            [MappedLayout]
            public partial struct Subject { [AtomicCounter(4)] public partial long Count { get; } }
            """ },
        { "EMM002 not partial", false, """
            [MappedLayout]
            public struct Subject { public long Plain => 0; }
            """ },
        { "EMM003 counter type", false, """
            [MappedLayout]
            public partial struct Subject { [AtomicCounter(0)] public partial double Count { get; } }
            """ },
        { "EMM004 negative offset", false, """
            [MappedLayout]
            public partial struct Subject { [Field(-4)] public partial int Value { get; set; } }
            """ },
        { "EMM005 overlap", false, """
            [MappedLayout]
            public partial struct Subject
            {
                [Field(0)] public partial long A { get; set; }
                [Field(4)] public partial int B { get; set; }
            }
            """ },
        { "EMM006 past size", false, """
            [MappedLayout(Size = 8)]
            public partial struct Subject { [Field(8)] public partial long Value { get; set; } }
            """ },
        { "EMM007 unsupported type", false, """
            [MappedLayout]
            public partial struct Subject { [Field(0)] public partial decimal Value { get; set; } }
            """ },
        { "EMM021 instance field", false, """
            [MappedLayout]
            public partial struct Subject
            {
                private int _cache;
                [Field(0)] public partial int Value { get; set; }
                public int Cached => _cache;
            }
            """ },
        { "EMM009 unaligned field is only a warning", true, """
            [MappedLayout]
            public partial struct Subject
            {
                [Field(0)] public partial byte Flag { get; set; }
                [Field(2)] public partial int Value { get; set; }
            }
            """ },
        { "EMM010 false sharing is only a warning", true, """
            [MappedLayout]
            public partial struct Subject
            {
                [AtomicCounter(0)] public partial long A { get; }
                [AtomicCounter(8)] public partial long B { get; }
            }
            """ },
        { "EMM011 array without length", false, """
            [MappedLayout]
            public partial struct Subject { [Field(0)] public partial MappedArray<int> Values { get; } }
            """ },
        { "EMM012 nested layout with errors", false, """
            [MappedLayout]
            public partial struct Inner { [AtomicCounter(2)] public partial int Count { get; } }

            [MappedLayout]
            public partial struct Subject { [Field(0)] public partial Inner Inner { get; } }
            """ },
        { "EMM013 size not a multiple of alignment", false, """
            [MappedLayout(Size = 12)]
            public partial struct Subject { [Field(0)] public partial long Value { get; set; } }
            """ },
        { "EMM015 containing type not partial", false, """
            public class Outer
            {
                [MappedLayout]
                public partial struct Subject { [Field(0)] public partial long Value { get; set; } }
            }
            """ },
        { "EMM017 record struct", false, """
            [MappedLayout]
            public partial record struct Subject { [Field(0)] public partial long Value { get; set; } }
            """ },
        { "EMM029 counter with a setter", false, """
            [MappedLayout]
            public partial struct Subject { [AtomicCounter(0)] public partial long Count { get; set; } }
            """ },
        { "EMM033 length on a scalar", false, """
            [MappedLayout]
            public partial struct Subject { [Field(0, Length = 2)] public partial long Value { get; set; } }
            """ },
        { "EMM035 misaligned layout holding counters", false, """
            [MappedLayout]
            public partial struct Inner { [AtomicCounter(0)] public partial long Count { get; } }

            [MappedLayout]
            public partial struct Subject { [Field(4)] public partial Inner Inner { get; } }
            """ },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Generator_implements_a_layout_exactly_when_the_analyzer_finds_no_error(string rule, bool valid, string layout)
    {
        PairedCompilation paired = await PairedCompilation.CreateAsync("using Emmap;\n\n" + layout);
        INamedTypeSymbol subject = paired.Layout("Subject");

        bool analyzerFindsError = paired.AnalyzerErrorsIn(subject).Any();
        bool implemented = PairedCompilation.HasRealImplementation(subject);

        Assert.True(valid != analyzerFindsError, $"{rule}: the analyzer {(analyzerFindsError ? "reports" : "does not report")} an error");
        Assert.True(implemented == !analyzerFindsError, $"{rule}: generator {(implemented ? "implements" : "does not implement")} the layout");
        // The generated #error lines name exactly the errors the analyzer reports.
        Assert.Equal(
            paired.AnalyzerErrorsIn(subject).Select(d => d.Id).Order(),
            paired.Errors.Where(d => d.Id == "CS1029" && d.GetMessage().Contains("Subject' is not implemented", StringComparison.Ordinal))
                .Select(d => d.GetMessage().Split('\'')[1].Split(':')[0]).Order());
        if (valid)
        {
            // A working implementation: the whole project compiles and the layout binds to real memory.
            Assert.Empty(paired.Errors);
            Type type = paired.Load().GetType("Subject", throwOnError: true)!;
            using MappedFile file = MappedFile.CreateAnonymous(4096);
            MethodInfo bind = typeof(MappedFile).GetMethod(nameof(MappedFile.Bind))!.MakeGenericMethod(type);
            object view = bind.Invoke(file, new object[] { 0L })!;
            Assert.Equal(type, view.GetType());
        }
    }

    /// <summary>
    /// A layout compiled into another assembly has no syntax here; it must nest like a source layout
    /// (its shape was checked where it was built, its generated members are part of it).
    /// </summary>
    [Fact]
    public async Task Layout_from_a_referenced_assembly_nests_cleanly()
    {
        PairedCompilation library = await PairedCompilation.CreateAsync("""
            using Emmap;

            namespace Lib;

            [MappedLayout]
            public partial struct Slot
            {
                [AtomicCounter(0)] public partial long Hits { get; }
                [Field(8)] public partial int Code { get; set; }
            }
            """);
        MetadataReference image = MetadataReference.CreateFromImage(library.Emit());

        PairedCompilation user = await PairedCompilation.CreateAsync("""
            using Emmap;

            [MappedLayout]
            public partial struct Subject
            {
                [Field(0)] public partial Lib.Slot First { get; }
                [Field(16, Length = 2)] public partial LayoutArray<Lib.Slot> More { get; }
            }
            """, image);

        Assert.Empty(user.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(PairedCompilation.HasRealImplementation(user.Layout("Subject")));
    }
}
