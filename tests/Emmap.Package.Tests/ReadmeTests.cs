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

    /// <summary>The first <c>sh</c> code block under <c>## Install</c>, one command a line.</summary>
    internal static string[] InstallCommands()
    {
        string readme = Readme.ReplaceLineEndings("\n");
        Match code = Regex.Match(readme, @"^## Install\n.*?^```sh\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(code.Success, "README.md's '## Install' section has no ```sh block");
        return code.Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Install_commands_work_as_written_against_a_local_feed()
    {
        string[] commands = InstallCommands();
        Assert.Equal(
            ["dotnet pack src/Emmap.Runtime -c Release -o ~/emmap-feed", "cd path/to/your/project",
             "dotnet nuget add source ~/emmap-feed --name emmap-local", $"dotnet add package Emmap --version {Repository.VersionPrefix}"],
            commands);
        // The pack command names the project that is the Emmap package (this build packed it the
        // same way into PackageFeed.Directory, under a test version).
        Assert.Contains("<PackageId>Emmap</PackageId>", File.ReadAllText(Path.Combine(Repository.Root, "src", "Emmap.Runtime", "Emmap.Runtime.csproj")));

        // The rest, verbatim but for the test version, in a fresh project and a HOME of its own (so
        // ~/emmap-feed and the user-level NuGet configuration written are throwaway ones).
        using var workspace = new ConsumerWorkspace();
        var home = new Dictionary<string, string> { ["HOME"] = Path.GetFullPath(Path.Combine(workspace.Project, "..", "home")) };
        string feed = Directory.CreateDirectory(Path.Combine(home["HOME"], "emmap-feed")).FullName;
        File.Copy(PackageFeed.PackagePath, Path.Combine(feed, Path.GetFileName(PackageFeed.PackagePath)));
        await DotNet.RunCheckedAsync(workspace.Project, ["new", "console", "--name", "Installed", "--output", ".", "--no-restore"]);
        foreach (string command in commands[2..])
        {
            string line = command.Replace("~/emmap-feed", feed).Replace($"--version {Repository.VersionPrefix}", $"--version {PackageFeed.Version}");
            string[] words = line.Split(' ');
            Assert.Equal("dotnet", words[0]);
            await DotNet.RunCheckedAsync(workspace.Project, words[1..], environment: home);
        }
        Assert.Contains($"Include=\"Emmap\" Version=\"{PackageFeed.Version}\"", File.ReadAllText(Path.Combine(workspace.Project, "Installed.csproj")));
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
