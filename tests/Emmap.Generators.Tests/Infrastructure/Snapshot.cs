using System.Runtime.CompilerServices;
using System.Text;
using Emmap.Generators;
using Emmap.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Emmap.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot tests: the generator's output for a source must equal <c>Snapshots/{name}.g.cs</c>, and
/// that output must compile with the source without a diagnostic (or with exactly the ones expected). Set <c>EMMAP_UPDATE_SNAPSHOTS=1</c>
/// to rewrite the snapshot files from the current output (then review the diff).
/// </summary>
internal static class Snapshot
{
    /// <summary>Checks that <paramref name="source"/> generates exactly the files <paramref name="hintNames"/>, each equal to its snapshot.</summary>
    public static Task VerifyAsync(string source, params string[] hintNames) => VerifyAsync(source, hintNames, []);

    /// <summary>As <see cref="VerifyAsync(string, string[])"/>, where compiling the output reports exactly <paramref name="diagnostics"/>.</summary>
    public static async Task VerifyAsync(string source, string[] hintNames, params DiagnosticResult[] diagnostics)
    {
        if (Environment.GetEnvironmentVariable("EMMAP_UPDATE_SNAPSHOTS") == "1")
        {
            IReadOnlyDictionary<string, string> generated = TestCompilation.Run(source).Sources;
            foreach (string hintName in hintNames)
            {
                File.WriteAllText(Path.Combine(ProjectDirectory(), "Snapshots", hintName), generated[hintName]);
            }
        }

        var test = new Test
        {
            ReferenceAssemblies = TestReferences.None,
            TestState =
            {
                Sources = { source },
            },
        };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.TestState.ExpectedDiagnostics.AddRange(diagnostics);
        foreach (string hintName in hintNames)
        {
            string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snapshots", hintName));
            test.TestState.GeneratedSources.Add((typeof(MappedLayoutGenerator), hintName, SourceText.From(expected, Encoding.UTF8)));
        }
        await test.RunAsync();
    }

    /// <summary>The test project's source folder (this file is in its Infrastructure folder).</summary>
    private static string ProjectDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;

    private sealed class Test : CSharpSourceGeneratorTest<MappedLayoutGenerator, DefaultVerifier>
    {
        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp13);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions())
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithGeneralDiagnosticOption(ReportDiagnostic.Error);
    }
}
