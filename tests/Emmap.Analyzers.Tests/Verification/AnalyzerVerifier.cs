using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Emmap.Analyzers.Tests.Verification;

/// <summary>
/// Runs <see cref="LayoutAnalyzer"/> and the Emmap generator over a test source. Compiler diagnostics are not compared here: the rule tests are about the analyzer's own
/// diagnostics; whole-compilation cleanliness is asserted by the pairing tests.
/// </summary>
internal sealed class AnalyzerVerifier : CSharpAnalyzerTest<LayoutAnalyzer, DefaultVerifier>
{
    public AnalyzerVerifier(string source, params DiagnosticResult[] expected)
    {
        TestCode = source;
        ExpectedDiagnostics.AddRange(expected);
        ReferenceAssemblies = TestSetup.ReferenceAssemblies;
        TestState.AdditionalReferences.AddRange(TestSetup.References);
        CompilerDiagnostics = CompilerDiagnostics.None;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => new AnalyzerVerifier(source, expected).RunAsync();

    /// <summary>A diagnostic of <paramref name="descriptor"/> expected at markup location <paramref name="location"/> ({|#n:...|}).</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int location = 0) =>
        new DiagnosticResult(descriptor).WithLocation(location);

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(TestSetup.LanguageVersion);

    protected override IEnumerable<Type> GetSourceGenerators() => TestSetup.GeneratorTypes;
}
