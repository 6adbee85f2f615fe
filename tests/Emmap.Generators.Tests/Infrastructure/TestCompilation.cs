using System.Collections.Immutable;
using Emmap.Generators;
using Emmap.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Emmap.Generators.Tests.Infrastructure;

/// <summary>
/// In-memory compilations of user code as a strict user project builds it: C# 13, nullable on,
/// every warning an error, documentation comments checked; plus the generator driver over them.
/// </summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp13, DocumentationMode.Diagnose);

    /// <summary>The running .NET's reference assemblies and Emmap.Runtime (<see cref="TestReferences"/>).</summary>
    public static ImmutableArray<MetadataReference> References => TestReferences.All;

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "UserLayouts",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"User{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                allowUnsafe: false));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new MappedLayoutGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    /// <summary>Runs the generator over <paramref name="sources"/>: the generated files by hint name, and the compilation with them.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Create(sources));
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    /// <summary>The generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Every diagnostic of the compilation with the generated code (errors, warnings, doc comments).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics();
}
