using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Emmap.Analyzers.Tests.Verification;

/// <summary>What every test compilation shares: the framework, the Emmap runtime, C# 13, and the Emmap generator.</summary>
internal static class TestSetup
{
    /// <summary>
    /// The runtime is built for net10.0 in this test project, so the compilations target net10.0 too.
    /// Not <c>ReferenceAssemblies.Net.Net100</c>: it asks for ref pack 10.0.1, which the NuGet feed here
    /// does not carry; 10.0.12 is the pack the SDK in use ships.
    /// </summary>
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new(
        "net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0"));

    /// <summary>Partial properties need C# 13.</summary>
    public const LanguageVersion LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13;

    public static MetadataReference RuntimeReference { get; } =
        MetadataReference.CreateFromFile(typeof(MappedLayoutAttribute).Assembly.Location);

    /// <summary>
    /// The source generators <c>Emmap.Generators</c> declares (found by reflection, so the tests pair
    /// the analyzer with whatever generator the branch has; empty while there is none).
    /// </summary>
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
