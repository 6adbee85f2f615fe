using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Emmap.Package.Tests.Infrastructure;

namespace Emmap.Package.Tests;

/// <summary>
/// The emmap tool as a user gets it: the packed Emmap.Tool installed from the local feed with
/// <c>dotnet tool install --tool-path</c>, run on files a consumer of the Emmap package wrote.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public async Task Installed_emmap_inspects_files_a_consumer_wrote()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("SharedLayout");
        await workspace.RestoreAndBuildAsync();
        string files = workspace.Folder("files");
        ProcessResult write = await workspace.RunAsync("SharedLayout", "write", files);
        string hash = Regex.Match(write.Output, "wrote hash=(0x[0-9A-F]{16})").Groups[1].Value;
        Assert.NotEqual("", hash);

        string emmap = await workspace.InstallToolAsync();

        string counters = Path.Combine(files, "worker.counters");
        (int exitCode, string output) = Run(emmap, "inspect", counters);
        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                $"file:         {counters}",
                "format:       padded-counters, version 1",
                "length:       384 bytes",
                "counters:     2 (counter 0 at offset 128, one every 128 bytes)",
                "",
                "  index                value",
                "      0                    0",
                "      1                    9",
                "",
            ],
            output.Split('\n'));

        (int jsonExitCode, string json) = Run(emmap, "inspect", "--json", Path.Combine(files, "worker.stats"));
        Assert.Equal(0, jsonExitCode);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("layout", document.RootElement.GetProperty("format").GetString());
        Assert.Equal(hash, document.RootElement.GetProperty("layout").GetProperty("hash").GetString());
        Assert.Equal(128, document.RootElement.GetProperty("layout").GetProperty("size").GetInt32());
        byte[] data = Convert.FromHexString(document.RootElement.GetProperty("layout").GetProperty("data").GetString()!);
        Assert.Equal((7, 3), (BitConverter.ToInt64(data, 0), BitConverter.ToInt32(data, 8))); // Requests, State
    }

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(DotNet.DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} {string.Join(' ', arguments)} did not finish within {DotNet.DefaultTimeout}");
        }
        process.WaitForExit();
        Assert.True(errors.Result == "", $"{command} {string.Join(' ', arguments)} wrote to stderr: {errors.Result}");
        return (process.ExitCode, output.Result);
    }
}
