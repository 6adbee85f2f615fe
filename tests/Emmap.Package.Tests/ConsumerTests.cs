using System.Text.RegularExpressions;
using Emmap.Package.Tests.Infrastructure;

namespace Emmap.Package.Tests;

/// <summary>
/// Consumer projects (Consumers/) that know Emmap only as a package: restored from the local feed,
/// built with Nullable and warnings as errors, and run.
/// </summary>
public class ConsumerTests
{
    [Fact]
    public async Task Layout_and_counters_shared_by_two_processes_work_from_the_package()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("SharedLayout");
        await workspace.RestoreAndBuildAsync();

        ProcessResult run = await workspace.RunAsync("SharedLayout");

        string output = run.Output;
        Assert.Matches(@"parent: created=True size=128 hash=0x[0-9A-F]{16}", output);
        // The child opened the file the parent created, and saw the parent's counter increment.
        Assert.Contains("child: created=False counter1-before=1", output);
        Assert.Contains("child exit=0", output);
        // The parent sees every write the child made, through its own mapping.
        Assert.Contains("parent sees: requests=1001 errors=3 state=42 latency=1.5 counters=1,6", output);
    }

    [Fact]
    public async Task Misaligned_atomic_counter_fails_the_build_with_EMM001_alone()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("MisalignedCounter");
        await workspace.RestoreAsync();

        ProcessResult build = await workspace.BuildAsync();

        Assert.True(build.ExitCode != 0, $"The build should have failed:\n{build}");
        // Every error line, from the compiler or MSBuild (which repeats each in its summary).
        string[] errors = build.Output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Contains(" error ", StringComparison.Ordinal) || line.StartsWith("error ", StringComparison.Ordinal))
            .Distinct()
            .ToArray();
        string error = Assert.Single(errors);
        Assert.True(Regex.IsMatch(
            error,
            @"/Program\.cs\(9,\d+\): error EMM001: 'Hits' is an 8-byte atomic counter at offset 4; atomic counters must sit at a multiple of 8: use offset 8 \(https://\S+/docs/diagnostics/EMM001\.md\) \["),
            error);
    }

    [Fact]
    public async Task Generated_code_compiles_with_the_minimum_language_version_13()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("MinimumLangVersion");
        ProcessResult build = await workspace.RestoreAndBuildAsync();
        Assert.Contains("0 Warning(s)", build.Output);

        ProcessResult run = await workspace.RunAsync("MinimumLangVersion");

        Assert.Contains(
            "everything: True -5 A 0.25 2.5 Down 8080 200 18446744073709551615 samples=0,0,7 origin=3,0 corner1=0,9 hits=10->11 size=128 alignment=8",
            run.Output);
        Assert.Contains("counters: -1 5 99", run.Output);
    }
}
