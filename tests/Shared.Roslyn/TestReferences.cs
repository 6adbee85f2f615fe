using System.Collections.Immutable;
using Emmap;
using Microsoft.CodeAnalysis;

namespace Emmap.Testing;

/// <summary>
/// The references of every in-memory test compilation, in the generator tests and the analyzer tests
/// alike: the reference assemblies of the .NET the tests run on, taken from the SDK's targeting pack
/// beside the running runtime (nothing is downloaded), plus Emmap.Runtime as built for the tests.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFramework = new(LoadFramework);

    /// <summary>The targeting pack's reference assemblies (<c>packs/Microsoft.NETCore.App.Ref/&lt;runtime version&gt;/ref/netX.Y</c>).</summary>
    public static ImmutableArray<MetadataReference> Framework => LazyFramework.Value;

    /// <summary>Emmap.Runtime, whose attributes and views the test sources use.</summary>
    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(MappedView).Assembly.Location);

    /// <summary><see cref="Framework"/> and <see cref="Runtime"/>: what a user project targeting this .NET with Emmap compiles against.</summary>
    public static ImmutableArray<MetadataReference> All => Framework.Add(Runtime);

    /// <summary>
    /// For <c>Microsoft.CodeAnalysis.Testing</c>: reference assemblies that resolve to nothing (so the
    /// library downloads no package); the tests pass <see cref="All"/> as additional references.
    /// </summary>
    public static Microsoft.CodeAnalysis.Testing.ReferenceAssemblies None { get; } = new("net" + Environment.Version.ToString(2));

    /// <summary>The folder of the targeting pack that matches the running runtime.</summary>
    public static string FrameworkDirectory
    {
        get
        {
            // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
            DirectoryInfo runtime = new FileInfo(typeof(object).Assembly.Location).Directory!;
            string root = runtime.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref", runtime.Name, "ref", "net" + Environment.Version.ToString(2));
        }
    }

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        string directory = FrameworkDirectory;
        string[] files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.dll") : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"No reference assemblies in {directory}: the tests compile against the targeting pack of the .NET SDK that runs them.");
        }
        return files.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}
