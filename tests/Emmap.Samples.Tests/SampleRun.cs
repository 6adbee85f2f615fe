using System.Diagnostics;
using System.Reflection;

namespace Emmap.Samples.Tests;

/// <summary>Runs a sample's dll with <c>dotnet</c> and returns what it printed.</summary>
internal static class SampleRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Output(string sample, params string[] args)
    {
        string dll = typeof(SampleRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Sample:" + sample).Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} {string.Join(' ', args)} did not finish within {Timeout}; it printed:\n{stdout.Result}\n{stderr.Result}");
        }
        string output = stdout.Result;
        Assert.True(process.ExitCode == 0, $"{sample} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}\n{stderr.Result}");
        return output;
    }
}
