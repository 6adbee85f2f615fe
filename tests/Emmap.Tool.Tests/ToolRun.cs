using System.Diagnostics;
using System.Reflection;

namespace Emmap.Tool.Tests;

/// <summary>The emmap tool run as a process: <c>dotnet emmap.dll ...</c>. Every wait is bounded; none is a performance check.</summary>
internal sealed class ToolRun : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private ToolRun(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string ToolDll => typeof(ToolRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EmmapTool").Value!;

    public int Id => _process.Id;

    /// <summary>Starts the tool with <paramref name="args"/>; stdout is read by the caller.</summary>
    public static ToolRun Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ToolDll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return new ToolRun(Process.Start(info)!);
    }

    /// <summary>Runs the tool to the end and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using ToolRun run = Start(args);
        Task<string> stdout = run._process.StandardOutput.ReadToEndAsync();
        int exitCode = run.WaitForExit();
        return (exitCode, stdout.Result, run._stderr.Result);
    }

    /// <summary>The next line of standard output; fails the test if none comes in time.</summary>
    public string ReadLine()
    {
        Task<string?> line = _process.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(Deadline), $"emmap printed no line within {Deadline}.");
        return line.Result ?? throw new Xunit.Sdk.XunitException($"emmap closed its output; stderr: {_stderr.Result}");
    }

    /// <summary>The rest of standard output, once the process has ended.</summary>
    public string ReadToEnd() => _process.StandardOutput.ReadToEnd();

    public string Errors => _stderr.Result;

    /// <summary>Stops reading standard output and closes it, as <c>head</c> does once it has its lines.</summary>
    public void CloseOutput() => _process.StandardOutput.Close();

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.WaitForExit(Deadline));
        Assert.Equal(0, kill.ExitCode);
    }

    public int WaitForExit()
    {
        if (!_process.WaitForExit(Deadline))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"emmap did not exit within {Deadline}.");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
