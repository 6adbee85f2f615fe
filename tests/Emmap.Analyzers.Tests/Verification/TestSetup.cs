using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Emmap.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Emmap.Analyzers.Tests.Verification;

/// <summary>What every test compilation shares: the framework, the Emmap runtime, C# 13, and the Emmap generator.</summary>
internal static class TestSetup
{
    /// <summary>The testing library resolves no references itself: <see cref="References"/> are added to every test.</summary>
    public static ReferenceAssemblies ReferenceAssemblies => TestReferences.None;

    /// <summary>The running .NET's reference assemblies and Emmap.Runtime, as the generator tests use them.</summary>
    public static ImmutableArray<MetadataReference> References => TestReferences.All;

    /// <summary>Partial properties need C# 13.</summary>
    public const LanguageVersion LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13;

    /// <summary>The source generators <c>Emmap.Generators</c> declares, which every test runs beside the analyzer.</summary>
    public static ImmutableArray<Type> GeneratorTypes { get; } = FindGenerators();

    public static ImmutableArray<IIncrementalGenerator> CreateGenerators() =>
        GeneratorTypes.Select(t => (IIncrementalGenerator)Activator.CreateInstance(t)!).ToImmutableArray();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion);

    private static ImmutableArray<Type> FindGenerators()
    {
        Assembly generators = Assembly.Load("Emmap.Generators");
        return generators.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .ToImmutableArray();
    }
}
