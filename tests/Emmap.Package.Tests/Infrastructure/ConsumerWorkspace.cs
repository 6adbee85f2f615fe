namespace Emmap.Package.Tests.Infrastructure;

/// <summary>
/// A temporary folder in which a consumer project restores the packed Emmap from the local feed
/// (plus the machine's normal sources) into a packages folder of its own, so no cached Emmap from
/// an earlier run can stand in for this build's package, then builds and runs like a user's project.
/// </summary>
internal sealed class ConsumerWorkspace : IDisposable
{
    private readonly DirectoryInfo _root;

    public ConsumerWorkspace()
    {
        _root = System.IO.Directory.CreateTempSubdirectory("emmap-package-test-");
        // Nothing from above this folder may shape the consumer's build.
        File.WriteAllText(Path.Combine(_root.FullName, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root.FullName, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root.FullName, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root.FullName, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="emmap-package-test" value="{PackageFeed.Directory}" />
              </packageSources>
            </configuration>
            """);
        Project = Path.Combine(_root.FullName, "consumer");
        System.IO.Directory.CreateDirectory(Project);
    }

    /// <summary>The consumer's project folder.</summary>
    public string Project { get; }

    /// <summary>The packages folder only this consumer restores into.</summary>
    public string Packages => Path.Combine(_root.FullName, "packages");

    /// <summary>The consumer's build output folder, where its assembly lands.</summary>
    public string Output => Path.Combine(_root.FullName, "out");

    /// <summary>Copies the consumer kept under <c>Consumers/<paramref name="name"/></c> into <see cref="Project"/>.</summary>
    public void CopyConsumer(string name)
    {
        string source = Path.Combine(Repository.Consumers, name);
        Assert.True(System.IO.Directory.Exists(source), $"No consumer {source}");
        foreach (string file in System.IO.Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(Project, Path.GetFileName(file)));
        }
    }

    /// <summary>The properties every restore and build of the consumer gets.</summary>
    private string[] Properties =>
    [
        $"-p:EmmapVersion={PackageFeed.Version}",
        "-p:TreatWarningsAsErrors=true",
        "-nodeReuse:false",
    ];

    /// <summary>Restores the consumer once, into <see cref="Packages"/>; fails with the output otherwise.</summary>
    public Task<ProcessResult> RestoreAsync() =>
        DotNet.RunCheckedAsync(Project, ["restore", "--packages", Packages, .. Properties]);

    /// <summary>Builds the restored consumer into <see cref="Output"/> and returns what the build did, whether it passed or not.</summary>
    /// <param name="properties">More <c>-p:Name=Value</c> arguments, e.g. <c>-p:RunAnalyzers=false</c>.</param>
    public Task<ProcessResult> BuildAsync(params string[] properties) =>
        DotNet.RunAsync(Project, ["build", "--no-restore", "-c", "Release", "-o", Output, .. Properties, .. properties]);

    /// <summary>Runs the built consumer with <c>dotnet &lt;dll&gt;</c>; fails with the output unless it exits with 0.</summary>
    public Task<ProcessResult> RunAsync(string assemblyName, params string[] arguments) =>
        DotNet.RunCheckedAsync(
            Project,
            [Path.Combine(Output, assemblyName + ".dll"), .. arguments],
            new Dictionary<string, string>
            {
                // The consumers' temporary files go under this workspace, and numbers print the same everywhere.
                ["TMPDIR"] = _root.FullName,
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            });

    /// <summary>A folder inside the workspace (created), for files a consumer writes.</summary>
    public string Folder(string name) => System.IO.Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;

    /// <summary>
    /// Installs the packed Emmap.Tool from the local feed into a tool path of this workspace, as a
    /// user does (<c>dotnet tool install --tool-path</c>), and returns the path of its <c>emmap</c> command.
    /// </summary>
    public async Task<string> InstallToolAsync()
    {
        string tools = Path.Combine(_root.FullName, "tools");
        // Run from the workspace root, so its nuget.config (the local feed) applies.
        await DotNet.RunCheckedAsync(_root.FullName, ["tool", "install", "Emmap.Tool", "--version", PackageFeed.Version, "--tool-path", tools]);
        string command = Path.Combine(tools, OperatingSystem.IsWindows() ? "emmap.exe" : "emmap");
        Assert.True(File.Exists(command), $"dotnet tool install put no emmap command in {tools}");
        return command;
    }

    /// <summary>Restores, builds (which must pass) and returns the build's output.</summary>
    public async Task<ProcessResult> RestoreAndBuildAsync()
    {
        await RestoreAsync();
        ProcessResult build = await BuildAsync();
        Assert.True(build.ExitCode == 0, build.ToString());
        return build;
    }

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test over.
        }
    }
}
