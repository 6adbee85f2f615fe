using System.Collections.Immutable;
using System.Reflection;
using Emmap.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Emmap.Analyzers.Tests.Verification;

/// <summary>
/// A user project as it builds for real: the sources, the Emmap generator's output, the compiler's
/// diagnostics and the analyzer's, together.
/// </summary>
internal sealed class PairedCompilation
{
    private PairedCompilation(Compilation output, ImmutableArray<Diagnostic> diagnostics)
    {
        Output = output;
        Diagnostics = diagnostics;
    }

    /// <summary>The compilation with the generated sources added.</summary>
    public Compilation Output { get; }

    /// <summary>Every diagnostic: the compiler's over user and generated code, and the analyzer's.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public static Task<PairedCompilation> CreateAsync(string source, params MetadataReference[] extraReferences) =>
        CreateAsync(source, ImmutableDictionary<string, ReportDiagnostic>.Empty, extraReferences);

    /// <summary>As a project whose configuration (.editorconfig, NoWarn...) sets the severity of some ids.</summary>
    public static async Task<PairedCompilation> CreateAsync(string source, ImmutableDictionary<string, ReportDiagnostic> severities,
        params MetadataReference[] extraReferences)
    {
        ImmutableArray<MetadataReference> references = TestSetup.References.AddRange(extraReferences);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "UserProject" + extraReferences.Length,
            new[] { CSharpSyntaxTree.ParseText(source, TestSetup.ParseOptions, path: "User.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: severities));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new MappedLayoutGenerator().AsSourceGenerator() }, parseOptions: TestSetup.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        ImmutableArray<Diagnostic> all = await output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LayoutAnalyzer()))
            .GetAllDiagnosticsAsync();
        return new PairedCompilation(output, all);
    }

    /// <summary>The layout named <paramref name="name"/> in the output compilation.</summary>
    public INamedTypeSymbol Layout(string name) =>
        Output.GetSymbolsWithName(name, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();

    /// <summary>The analyzer's errors inside the declaration of <paramref name="layout"/>.</summary>
    public IEnumerable<Diagnostic> AnalyzerErrorsIn(INamedTypeSymbol layout) =>
        Errors.Where(d => d.Id.StartsWith("EMM", StringComparison.Ordinal)
            && layout.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == d.Location.SourceTree && r.Span.Contains(d.Location.SourceSpan)));

    /// <summary>
    /// Whether the generator gave <paramref name="layout"/> a real implementation: an
    /// <c>IMappedLayout&lt;T&gt;.FromView</c> whose body does not throw (a shell's does; a layout the
    /// generator cannot extend has none).
    /// </summary>
    public static bool HasRealImplementation(INamedTypeSymbol layout)
    {
        IMethodSymbol? fromView = layout.GetMembers().OfType<IMethodSymbol>()
            .SingleOrDefault(m => m.ExplicitInterfaceImplementations.Any(i => i.Name == "FromView" && i.ContainingType.Name == "IMappedLayout"));
        if (fromView is null)
        {
            return false;
        }
        SyntaxNode body = fromView.DeclaringSyntaxReferences.Single().GetSyntax();
        return !body.DescendantNodes().Any(n => n is ThrowExpressionSyntax or ThrowStatementSyntax);
    }

    /// <summary>Emits the output and loads it (the compilation must have no error).</summary>
    public Assembly Load() => Assembly.Load(Emit());

    /// <summary>The output as an assembly image (the compilation must have no error).</summary>
    public byte[] Emit()
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = Output.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return stream.ToArray();
    }
}
