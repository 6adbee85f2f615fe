using System.Reflection;
using Emmap.Generators.Tests.Infrastructure;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Emmap.Generators.Tests;

/// <summary>
/// A layout with errors is never implemented: its generated file starts with one <c>#error</c> per
/// error, naming the layout, the rule's id and its message, so the build fails even when the
/// analyzer does not run (or its rule is configured away). When the struct can be extended the file
/// also holds a shell, the same surface with every body throwing, so the compiler adds no CS9248
/// ("partial property must have an implementation") or CS1061 on every use.
/// </summary>
public class ShellTests
{
    private const string MisalignedError = "EMM001: [MappedLayout] struct 'Demo.Broken.Broken' is not implemented: "
        + "Atomic counter 'Hits' (8 bytes) is at offset 4, which is not a multiple of 8; atomic counters must sit at a multiple of their size: use offset 8";

    private const string Probe = """
        using Emmap;

        namespace Demo.Broken;

        /// <summary>Uses every member of the broken layout, one call per entry.</summary>
        public static class Probe
        {
            /// <summary>One action per member.</summary>
            /// <returns>The actions.</returns>
            public static System.Action[] Members()
            {
                Broken broken = default;
                return new System.Action[]
                {
                    () => _ = broken.Hits,
                    () => broken.GetAndIncrementHits(),
                    () => broken.GetAndDecrementHits(),
                    () => broken.GetAndAddHits(2),
                    () => broken.ExchangeHits(3),
                    () => broken.CompareExchangeHits(4, 5),
                    () => broken.GetAndAndHits(6),
                    () => broken.GetAndOrHits(7),
                    () => broken.GetAndXorHits(8),
                    () => _ = broken.State,
                    () => broken.State = 9,
                    () => _ = Broken.Size,
                    () => _ = Broken.Alignment,
                    () => _ = Broken.LayoutHash,
                    () => FromView<Broken>(),
                    () => _ = ViewOf(broken),
                };
            }

            private static T FromView<T>() where T : struct, IMappedLayout<T> => T.FromView(default);

            private static MappedView ViewOf<T>(T layout) where T : struct, IMappedLayout<T> => layout.View;
        }
        """;

    [Fact]
    public Task ShellSnapshot() => Snapshot.VerifyAsync(Sources.Misaligned, ["Demo.Broken.Broken.g.cs"],
        DiagnosticResult.CompilerError("CS1029")
            .WithSpan("Emmap.Generators/Emmap.Generators.MappedLayoutGenerator/Demo.Broken.Broken.g.cs", 3, 8, 3, 223)
            .WithArguments(MisalignedError));

    [Fact]
    public void AnInvalidLayoutAndCodeUsingItFailOnlyWithTheGeneratedError()
    {
        GeneratorRun run = TestCompilation.Run(Sources.Misaligned, Probe);

        Assert.Empty(run.GeneratorDiagnostics);
        Diagnostic error = Assert.Single(run.CompilationDiagnostics);
        Assert.Equal("CS1029", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.EndsWith("Demo.Broken.Broken.g.cs", error.Location.SourceTree!.FilePath, StringComparison.Ordinal);
        Assert.Equal($"#error: '{MisalignedError}'", error.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryMemberOfAShellThrowsSayingTheLayoutHasErrors()
    {
        // No build gets this far (the #error stops it); without those lines the shell shows what its members do.
        GeneratorRun run = TestCompilation.Run(Sources.Misaligned, Probe);
        SyntaxTree generated = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Demo.Broken.Broken.g.cs", StringComparison.Ordinal));
        string withoutErrors = string.Join("\n", generated.GetText().ToString().Split('\n').Where(line => !line.StartsWith("#error", StringComparison.Ordinal)));
        Compilation output = run.Output.ReplaceSyntaxTree(generated, generated.WithChangedText(SourceText.From(withoutErrors)));
        using var stream = new MemoryStream();
        Assert.True(output.Emit(stream).Success);
        Assembly assembly = Assembly.Load(stream.ToArray());
        var members = (Action[])assembly.GetType("Demo.Broken.Probe")!.GetMethod("Members")!.Invoke(null, null)!;

        Assert.Equal(16, members.Length);
        foreach (Action member in members)
        {
            var error = Assert.Throws<InvalidOperationException>(member);
            Assert.Contains("'Demo.Broken.Broken' has layout errors", error.Message);
            Assert.Contains("EMMnnn", error.Message);
        }
    }

    [Fact]
    public void AShellCoversMembersOfUnsupportedTypesToo()
    {
        const string source = """
            using Emmap;

            /// <summary>Broken in several ways.</summary>
            [MappedLayout]
            public partial struct Odd
            {
                /// <summary>Unsupported type.</summary>
                [Field(0)] public partial string Name { get; set; }

                /// <summary>Counter of a type counters cannot have.</summary>
                [AtomicCounter(8)] public partial short Small { get; }

                /// <summary>No attribute.</summary>
                public partial int Bare { get; internal set; }

                /// <summary>An init accessor.</summary>
                [Field(16)] public partial int Once { get; init; }
            }
            """;
        GeneratorRun run = TestCompilation.Run(source);

        Assert.Contains("Odd.g.cs", run.Sources.Keys);
        // One #error per error, in the order the rules found them, and no compiler error of its own.
        Assert.Equal(
            ["EMM007", "EMM003", "EMM023", "EMM031"],
            run.CompilationDiagnostics.Select(d => Assert.IsType<string>(d.Id == "CS1029" ? d.GetMessage().Split('\'')[1].Split(':')[0] : d.Id)));
    }

    [Fact]
    public void AShellCoversCounterArraysAndTheirErrorsAreItsOnly()
    {
        const string source = """
            using Emmap;

            /// <summary>Broken counter arrays beside a valid one.</summary>
            [MappedLayout]
            public partial struct Workers
            {
                /// <summary>Valid.</summary>
                [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }

                /// <summary>A stride that misaligns elements.</summary>
                [AtomicCounter(256, Length = 2, Stride = 12)] public partial AtomicCounterArray<long> Odd { get; }

                /// <summary>Declared with [Field].</summary>
                [Field(512, Length = 2)] public partial AtomicCounterArray<int> AsField { get; }
            }

            /// <summary>Uses the shell.</summary>
            public static class Use
            {
                /// <summary>Uses it.</summary>
                /// <param name="workers">The layout.</param>
                /// <returns>A count.</returns>
                public static long Run(Workers workers) => workers.PerWorker.GetAndIncrement(0) + workers.Odd.Length + workers.AsField.Length;
            }
            """;
        GeneratorRun run = TestCompilation.Run(source);

        Assert.Equal(
            ["EMM038", "EMM041"],
            run.CompilationDiagnostics.Select(d => Assert.IsType<string>(d.Id == "CS1029" ? d.GetMessage().Split('\'')[1].Split(':')[0] : d.Id)));
    }
}
