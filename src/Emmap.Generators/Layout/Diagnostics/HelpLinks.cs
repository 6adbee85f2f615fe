using System;
using System.Reflection;

namespace Emmap.Layout;

/// <summary>
/// Where the project lives, as the build stamped it into this assembly: <c>PackageProjectUrl</c> from
/// <c>Directory.Build.props</c> (the one place it is written) becomes the assembly's
/// <c>[AssemblyMetadata("Emmap.ProjectUrl", ...)]</c>, so help links follow the package's metadata.
/// </summary>
internal static class HelpLinks
{
    public const string ProjectUrlKey = "Emmap.ProjectUrl";

    /// <summary>The project's URL, without a trailing slash.</summary>
    public static string ProjectUrl { get; } = ReadProjectUrl();

    /// <summary>The page that explains diagnostic <paramref name="id"/>.</summary>
    public static string DiagnosticPage(string id) => ProjectUrl + "/blob/main/docs/diagnostics/" + id + ".md";

    private static string ReadProjectUrl()
    {
        foreach (object attribute in typeof(HelpLinks).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false))
        {
            if (attribute is AssemblyMetadataAttribute { Key: ProjectUrlKey, Value: { Length: > 0 } url })
            {
                return url.TrimEnd('/');
            }
        }
        throw new InvalidOperationException(
            "The assembly has no [AssemblyMetadata(\"" + ProjectUrlKey + "\", url)]: its project must declare <AssemblyMetadata Include=\"" + ProjectUrlKey + "\" Value=\"$(PackageProjectUrl)\" />.");
    }
}
