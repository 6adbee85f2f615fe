using System.Reflection;
using Emmap.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Emmap.Generators.Tests;

/// <summary>
/// A layout with errors gets a shell: the same surface, every body throwing. So the user's build
/// fails with the analyzer's EMMnnn error alone, not with CS9248 ("partial property must have an
/// implementation") or CS1061 on every use.
/// </summary>
public class ShellTests
{
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
    public Task ShellSnapshot() => Snapshot.VerifyAsync(Sources.Misaligned, "Demo.Broken.Broken.g.cs");

    [Fact]
    public void AShellAndCodeUsingItCompileWithoutAnyCompilerDiagnostic()
    {
        GeneratorRun run = TestCompilation.Run(Sources.Misaligned, Probe);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Demo.Broken.Broken.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void EveryMemberOfAShellThrowsSayingTheLayoutHasErrors()
    {
        GeneratorRun run = TestCompilation.Run(Sources.Misaligned, Probe);
        using var stream = new MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
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
        Assert.Empty(run.CompilationDiagnostics);
    }
}
