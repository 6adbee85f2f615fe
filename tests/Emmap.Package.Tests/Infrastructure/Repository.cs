namespace Emmap.Package.Tests.Infrastructure;

/// <summary>Paths in the repository these tests were built from.</summary>
internal static class Repository
{
    /// <summary>The folder that holds <c>Emmap.sln</c>, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where the consumer projects' files are kept (not built as part of the solution).</summary>
    public static string Consumers => Path.Combine(Root, "tests", "Emmap.Package.Tests", "Consumers");

    /// <summary>The project's address, which Directory.Build.props keeps in one place.</summary>
    public static string ProjectUrl { get; } =
        System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("PackageProjectUrl").Single().Value;

    /// <summary>The version Directory.Build.props gives every assembly and the Emmap package.</summary>
    public static string VersionPrefix { get; } =
        System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Emmap.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Emmap.sln above {AppContext.BaseDirectory}");
    }
}
