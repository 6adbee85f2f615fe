using System.Diagnostics;

namespace Emmap.Runtime.Tests;

/// <summary>
/// A running Emmap.TestProcess (a real second process). Every wait has a generous timeout that
/// fails the test; none is a performance assertion.
/// </summary>
public sealed class TestProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;

    private TestProcess(Process process) => _process = process;

    /// <summary>Starts <c>dotnet Emmap.TestProcess.dll</c> with <paramref name="args"/>, stdin and stdout redirected.</summary>
    public static TestProcess Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start"/>, with <paramref name="environment"/> added to the process's environment.</summary>
    public static TestProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "testprocess", "Emmap.TestProcess.dll");
        Assert.True(File.Exists(dll), $"The helper process is not built at {dll}.");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return new TestProcess(Process.Start(info)!);
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The next line the process prints; fails the test if none comes in time.</summary>
    public string ReadLine()
    {
        Task<string?> line = Task.Run(() => _process.StandardOutput.ReadLine());
        if (!line.Wait(Timeout))
        {
            Assert.Fail($"The helper printed nothing within {Timeout}.");
        }
        return line.Result ?? throw new Xunit.Sdk.XunitException($"The helper closed its output early; {Errors()}");
    }

    /// <summary>Sends a line to the process's stdin.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the process to exit and asserts it succeeded.</summary>
    public void WaitForSuccess()
    {
        if (!_process.WaitForExit(Timeout))
        {
            Assert.Fail($"The helper did not exit within {Timeout}.");
        }
        if (_process.ExitCode != 0)
        {
            Assert.Fail($"The helper exited with {_process.ExitCode}; {Errors()}");
        }
    }

    /// <summary>The helper's stderr, once it has exited (reading it earlier would block).</summary>
    private string Errors() =>
        _process.WaitForExit(Timeout) ? $"stderr: {_process.StandardError.ReadToEnd()}" : "it is still running";

    /// <summary>Kills the process with SIGKILL (no handler, no cleanup runs in it) and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill();
        Assert.True(_process.WaitForExit(Timeout), $"The helper did not die within {Timeout} of SIGKILL.");
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
