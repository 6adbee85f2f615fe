using System.Diagnostics;
using System.Text;

namespace Emmap.Package.Tests.Infrastructure;

/// <summary>What a child process did: its exit code and everything it wrote, stdout and stderr interleaved.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode}:\n{Output}";
}

/// <summary>Runs the <c>dotnet</c> host as a child process with a deadline.</summary>
internal static class DotNet
{
    /// <summary>Generous: a restore or a cold build on a loaded 2-core machine takes well under this.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The host that runs these tests, so children use the same SDK and runtime.</summary>
    private static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)
            ? hostPath
            : "dotnet";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns what it did; throws when it outlives <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // No telemetry or banners, and no MSBuild node or compiler server left running after the test.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        // The test host runs inside `dotnet test`, whose MSBuild settings must not leak into a fresh build.
        foreach (string inherited in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(inherited);
        }
        if (environment is not null)
        {
            foreach ((string name, string value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        string command = "dotnet " + string.Join(' ', start.ArgumentList);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` did not finish within {timeout ?? DefaultTimeout}; its output:\n{Snapshot(output)}");
        }
        // The parameterless wait also drains the redirected streams.
        await process.WaitForExitAsync();
        return new ProcessResult(command, process.ExitCode, Snapshot(output));
    }

    /// <summary>Runs <c>dotnet</c> and fails with its output unless it exits with 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessResult result = await RunAsync(workingDirectory, arguments, environment: environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
