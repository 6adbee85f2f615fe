using System.Text.RegularExpressions;
using System.Xml.Linq;
using Emmap.Analyzers.Tests.Verification;
using Emmap.Layout;
using Microsoft.CodeAnalysis;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// Every id has a page, a help link to it built from the package's project URL, an entry in the
/// index and in release tracking; and each page's examples are true: the wrong one raises its id,
/// the right one raises nothing.
/// </summary>
public sealed class DocumentationTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Docs = Path.Combine(Root, "docs", "diagnostics");

    /// <summary>The package's project URL, read from the one place it is written.</summary>
    private static readonly string ProjectUrl = XDocument.Load(Path.Combine(Root, "Directory.Build.props"))
        .Descendants("PackageProjectUrl").Single().Value;

    public static TheoryData<string> Ids => new(LayoutDiagnostics.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_has_a_page_a_help_link_an_index_entry_and_a_release_entry(string id)
    {
        DiagnosticDescriptor descriptor = LayoutDiagnostics.All.Single(d => d.Id == id);
        string page = File.ReadAllText(Path.Combine(Docs, id + ".md"));

        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);
        Assert.Equal($"{ProjectUrl}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Docs, "README.md")), StringComparison.Ordinal);
        string releases = File.ReadAllText(Path.Combine(Root, "src", "Emmap.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}", releases, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_links_come_from_the_package_project_url()
    {
        Assert.Equal("https://github.com/emmap-dotnet/emmap", ProjectUrl);
        Assert.Equal(ProjectUrl, HelpLinks.ProjectUrl);
        Assert.All(new LayoutAnalyzer().SupportedDiagnostics, d => Assert.StartsWith(ProjectUrl + "/", d.HelpLinkUri, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_wrong_example_raises_the_id_and_the_right_one_nothing(string id)
    {
        string page = File.ReadAllText(Path.Combine(Docs, id + ".md"));
        string wrong = Example(page, "Wrong");
        string right = Example(page, "Right");

        PairedCompilation wrongBuild = await PairedCompilation.CreateAsync(AsProgram(wrong));
        PairedCompilation rightBuild = await PairedCompilation.CreateAsync(AsProgram(right));

        Assert.Contains(wrongBuild.Diagnostics, d => d.Id == id);
        Assert.DoesNotContain(rightBuild.Diagnostics, d => d.Id.StartsWith("EMM", StringComparison.Ordinal));
    }

    private static string Example(string page, string heading)
    {
        Match match = Regex.Match(page, "## " + heading + "\n\n```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"no '{heading}' example");
        return match.Groups[1].Value;
    }

    /// <summary>A page may show only members; those go into a layout of their own.</summary>
    private static string AsProgram(string example) => "using Emmap;\n\n" + (example.Contains("struct ", StringComparison.Ordinal)
        ? example
        : "[MappedLayout(AllowFalseSharing = true)]\npublic partial struct Example\n{\n" + example + "\n}\n");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Emmap.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Emmap.sln not found above " + AppContext.BaseDirectory);
    }
}
