using System.Text.RegularExpressions;
using Emmap.Package.Tests.Infrastructure;

namespace Emmap.Package.Tests;

/// <summary>README.md's install path and quick start, exactly as written, work against the packed package.</summary>
public class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    /// <summary>The first <c>csharp</c> code block under <c>## Quick start with a layout</c>, verbatim.</summary>
    internal static string QuickStartCode()
    {
        string readme = Readme.ReplaceLineEndings("\n");
        Match section = Regex.Match(readme, @"^## Quick start with a layout\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no section '## Quick start with a layout'");
        Match code = Regex.Match(section.Groups["body"].Value, @"^```csharp\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(code.Success, "The quick start section of README.md has no ```csharp block");
        return code.Groups["code"].Value;
    }

    [Fact]
    public async Task Quick_start_builds_and_runs_unchanged_in_a_fresh_console_project()
    {
        using var workspace = new ConsumerWorkspace();
        // What a newcomer does: a new console project, the package, the README's code as Program.cs.
        await DotNet.RunCheckedAsync(workspace.Project, ["new", "console", "--name", "QuickStart", "--output", ".", "--no-restore"]);
        await DotNet.RunCheckedAsync(workspace.Project, ["add", "package", "Emmap", "--version", PackageFeed.Version, "--no-restore"]);
        File.WriteAllText(Path.Combine(workspace.Project, "Program.cs"), QuickStartCode());
        await workspace.RestoreAndBuildAsync();

        ProcessResult first = await workspace.RunAsync("QuickStart");
        ProcessResult second = await workspace.RunAsync("QuickStart");

        // The layout file lives on between runs, as the README says.
        Assert.Equal("requests: 0 -> 1, state 2, last 12.5 ms", first.Output.Trim());
        Assert.Equal("requests: 1 -> 2, state 2, last 12.5 ms", second.Output.Trim());
    }

    [Fact]
    public void Quick_start_is_about_twenty_lines_and_says_how_to_install()
    {
        int lines = QuickStartCode().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.InRange(lines, 10, 25);
        Assert.Contains("dotnet add package Emmap", Readme);
        Assert.Contains("9.0.300", Readme);
    }

    [Fact]
    public void Readme_links_every_page_under_docs()
    {
        string readme = Readme;
        string docs = Path.Combine(Repository.Root, "docs");
        string[] pages = Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories)
            .Select(page => Path.GetRelativePath(Repository.Root, page).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.Contains($"]({page})", readme));
        // And every docs link in the README points at a page that exists.
        foreach (Match link in Regex.Matches(readme, @"\]\((?<target>docs/[^)#]+)"))
        {
            Assert.True(File.Exists(Path.Combine(Repository.Root, link.Groups["target"].Value)), $"README.md links {link.Groups["target"].Value}, which does not exist");
        }
    }
}
