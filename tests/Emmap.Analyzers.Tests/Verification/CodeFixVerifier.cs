using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Emmap.Analyzers.Tests.Verification;

/// <summary>Runs a code fix of <typeparamref name="TCodeFix"/> over a test source and compares the result, fix-all included.</summary>
internal sealed class CodeFixVerifier<TCodeFix> : CSharpCodeFixTest<LayoutAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixVerifier(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        ReferenceAssemblies = TestSetup.ReferenceAssemblies;
        TestState.AdditionalReferences.AddRange(TestSetup.References);
        CompilerDiagnostics = CompilerDiagnostics.None;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>Applies the fixes one by one and through fix-all; both must end at <paramref name="fixedSource"/>.</summary>
    public static Task VerifyAsync(string source, DiagnosticResult[] expected, string fixedSource)
    {
        var test = new CodeFixVerifier<TCodeFix>(source, fixedSource);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(TestSetup.LanguageVersion);

    protected override IEnumerable<Type> GetSourceGenerators() => TestSetup.GeneratorTypes;
}
