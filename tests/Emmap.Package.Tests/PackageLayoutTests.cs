using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Xml.Linq;
using Emmap.Package.Tests.Infrastructure;

namespace Emmap.Package.Tests;

/// <summary>The packed Emmap.nupkg holds what a consumer's build needs, where NuGet and the compiler look for it.</summary>
public class PackageLayoutTests
{
    private static readonly string[] AnalyzerAssemblies = ["Emmap.Generators.dll", "Emmap.Analyzers.dll", "Emmap.Analyzers.CodeFixes.dll"];

    private static HashSet<string> Entries()
    {
        using ZipArchive zip = ZipFile.OpenRead(PackageFeed.PackagePath);
        return zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Runtime_and_its_xml_docs_are_in_lib_for_each_target_framework(string tfm)
    {
        HashSet<string> entries = Entries();
        Assert.Contains($"lib/{tfm}/Emmap.Runtime.dll", entries);
        Assert.Contains($"lib/{tfm}/Emmap.Runtime.xml", entries);
    }

    [Fact]
    public void Generator_analyzers_and_code_fixes_are_in_analyzers_dotnet_cs_and_nowhere_else()
    {
        HashSet<string> entries = Entries();
        foreach (string assembly in AnalyzerAssemblies)
        {
            Assert.Contains($"analyzers/dotnet/cs/{assembly}", entries);
            Assert.Single(entries, e => e.EndsWith("/" + assembly, StringComparison.Ordinal));
        }
        // lib/ holds the runtime and its docs only: no generator, analyzer or Roslyn assembly leaks there.
        Assert.All(
            entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)),
            e => Assert.Matches(@"^lib/net(8|10)\.0/Emmap\.Runtime\.(dll|xml)$", e));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Analyzer_assemblies_need_no_compiler_newer_than_Roslyn_4_14()
    {
        // A newer reference than the compiler a user's SDK runs makes it skip the generator (CS9057);
        // 4.14 ships with the .NET SDK 9.0.300, the minimum README.md names.
        var pinned = new Version(4, 14, 0, 0);
        using ZipArchive zip = ZipFile.OpenRead(PackageFeed.PackagePath);
        foreach (string assembly in AnalyzerAssemblies)
        {
            using var image = new MemoryStream();
            using (Stream entry = zip.GetEntry($"analyzers/dotnet/cs/{assembly}")!.Open())
            {
                entry.CopyTo(image);
            }
            image.Position = 0;
            using var pe = new PEReader(image);
            MetadataReader metadata = pe.GetMetadataReader();
            var roslyn = metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle))
                .Where(reference => metadata.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
                .ToArray();
            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, reference => Assert.True(reference.Version <= pinned, $"{assembly} references {reference.Name} {reference.Version}"));
            Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(metadata));
        }
    }

    private static string? TargetFramework(MetadataReader metadata)
    {
        foreach (CustomAttributeHandle handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            var type = (TypeReferenceHandle)metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (metadata.GetString(metadata.GetTypeReference(type).Name) == nameof(TargetFrameworkAttribute))
            {
                // The blob: prolog 0x0001, then the first constructor argument as a serialized string.
                BlobReader blob = metadata.GetBlobReader(attribute.Value);
                blob.ReadUInt16();
                return blob.ReadSerializedString();
            }
        }
        return null;
    }

    [Fact]
    public void Package_has_no_dependencies_for_either_target_framework()
    {
        XDocument nuspec = PackageFeed.ReadNuspec();
        XElement dependencies = PackageFeed.Metadata(nuspec, "dependencies");
        XNamespace ns = nuspec.Root!.Name.Namespace;
        Assert.Equal(["net10.0", "net8.0"], dependencies.Elements(ns + "group").Select(g => (string)g.Attribute("targetFramework")!).Order());
        // In particular none on Microsoft.CodeAnalysis or on the analyzer projects.
        Assert.Empty(dependencies.Descendants(ns + "dependency"));
    }

    [Fact]
    public void Package_carries_readme_license_repository_and_symbols()
    {
        XDocument nuspec = PackageFeed.ReadNuspec();
        Assert.Equal("Emmap", PackageFeed.Metadata(nuspec, "id").Value);
        Assert.StartsWith("0.1.0-pkgtest.", PackageFeed.Version, StringComparison.Ordinal);
        Assert.Equal("README.md", PackageFeed.Metadata(nuspec, "readme").Value);
        XElement license = PackageFeed.Metadata(nuspec, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        XElement repository = PackageFeed.Metadata(nuspec, "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
        Assert.False(string.IsNullOrWhiteSpace(PackageFeed.Metadata(nuspec, "description").Value));
        string projectUrl = PackageFeed.Metadata(nuspec, "projectUrl").Value;
        Assert.Equal(Repository.ProjectUrl, projectUrl);

        // The packed README is the repository's, with each relative link made absolute from the
        // project URL (a package page has no repository beside it), and no relative link left.
        using (ZipArchive zip = ZipFile.OpenRead(PackageFeed.PackagePath))
        {
            using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
            string packed = reader.ReadToEnd();
            string expected = System.Text.RegularExpressions.Regex.Replace(
                File.ReadAllText(Path.Combine(Repository.Root, "README.md")), @"\]\((docs/[^)]+)\)", $"]({projectUrl}/blob/main/$1)");
            Assert.Equal(expected, packed);
            Assert.Contains($"]({projectUrl}/blob/main/docs/layouts.md)", packed);
            Assert.DoesNotMatch(@"\]\((?!https?:|#)", packed);
        }

        // Symbols: a .snupkg beside the .nupkg with a PDB per target framework.
        string symbols = Path.ChangeExtension(PackageFeed.PackagePath, ".snupkg");
        Assert.True(File.Exists(symbols), $"No symbol package {symbols}");
        using ZipArchive symbolZip = ZipFile.OpenRead(symbols);
        HashSet<string> symbolEntries = symbolZip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net8.0/Emmap.Runtime.pdb", symbolEntries);
        Assert.Contains("lib/net10.0/Emmap.Runtime.pdb", symbolEntries);
    }
}
