using System.IO.Compression;
using System.Xml.Linq;

namespace Emmap.Package.Tests.Infrastructure;

/// <summary>
/// The local feed this project's build packed Emmap and Emmap.Tool into (package-feed/ beside the
/// test assembly, emptied before every pack, see the .csproj), and the Emmap package in it.
/// </summary>
internal static class PackageFeed
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "package-feed");

    /// <summary>The .nupkg: exactly one, or the build did not pack as it should.</summary>
    public static string PackagePath { get; } = FindPackage();

    /// <summary>The package's version, a unique 0.1.0-pkgtest.* per build, read from its .nuspec.</summary>
    public static string Version { get; } = Metadata(ReadNuspec(), "version").Value;

    /// <summary>The element <paramref name="name"/> of the .nuspec's metadata.</summary>
    public static XElement Metadata(XDocument nuspec, string name)
    {
        XNamespace ns = nuspec.Root!.Name.Namespace;
        return nuspec.Root.Element(ns + "metadata")?.Element(ns + name)
            ?? throw new InvalidOperationException($"The .nuspec has no <{name}> in its metadata:\n{nuspec}");
    }

    /// <summary>The package's .nuspec.</summary>
    public static XDocument ReadNuspec()
    {
        using ZipArchive zip = ZipFile.OpenRead(PackagePath);
        ZipArchiveEntry entry = Assert.Single(zip.Entries, e => e.FullName == "Emmap.nuspec");
        using Stream stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string FindPackage()
    {
        string[] packages = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "Emmap.*.nupkg").Where(p => char.IsAsciiDigit(Path.GetFileName(p)["Emmap.".Length])).ToArray()
            : []; // Emmap.0.1.0-....nupkg, not Emmap.Tool.0.1.0-....nupkg beside it
        if (packages.Length != 1)
        {
            throw new InvalidOperationException(
                $"Expected one Emmap package in {Directory}, found {packages.Length}: the build of Emmap.Package.Tests packs it (target PackEmmapForConsumers).");
        }
        return packages[0];
    }
}
