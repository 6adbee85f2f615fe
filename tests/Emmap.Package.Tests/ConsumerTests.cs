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
    public async Task Misaligned_atomic_counter_fails_the_build_with_EMM001_and_the_generated_error_alone()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("MisalignedCounter");
        await workspace.RestoreAsync();

        ProcessResult build = await workspace.BuildAsync();

        Assert.True(build.ExitCode != 0, $"The build should have failed:\n{build}");
        string[] errors = ErrorLines(build);
        Assert.Equal(2, errors.Length);
        Assert.Single(errors, error => Regex.IsMatch(
            error,
            @"/Program\.cs\(9,\d+\): error EMM001: " + Regex.Escape(MisalignedMessage) + @" \(https://github\.com/emmap-dotnet/emmap/blob/main/docs/diagnostics/EMM001\.md\) \["));
        Assert.Single(errors, error => Regex.IsMatch(error, GeneratedError));
    }

    /// <summary>
    /// The analyzer does not run, so nothing reports EMM001 in place; the generator still refuses to
    /// implement the layout and its #error fails the build, naming the layout, the rule and the problem.
    /// </summary>
    [Fact]
    public async Task Misaligned_atomic_counter_fails_the_build_with_analyzers_off()
    {
        using var workspace = new ConsumerWorkspace();
        workspace.CopyConsumer("MisalignedCounter");
        await workspace.RestoreAsync();

        ProcessResult build = await workspace.BuildAsync("-p:RunAnalyzers=false");

        Assert.True(build.ExitCode != 0, $"The build should have failed:\n{build}");
        string error = Assert.Single(ErrorLines(build));
        Assert.Matches(GeneratedError, error);
    }

    private const string MisalignedMessage =
        "Atomic counter 'Hits' (8 bytes) is at offset 4, which is not a multiple of 8; atomic counters must sit at a multiple of their size: use offset 8";

    /// <summary>The generator's error for the misaligned layout, in its generated file.</summary>
    private static readonly string GeneratedError =
        @"/Misaligned\.g\.cs\(\d+,\d+\): error CS1029: #error: 'EMM001: \[MappedLayout\] struct 'Misaligned' is not implemented: "
        + Regex.Escape(MisalignedMessage) + "' \\[";

    /// <summary>Every error line, from the compiler or MSBuild (which repeats each in its summary), once.</summary>
    private static string[] ErrorLines(ProcessResult build) => build.Output.Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Contains(" error ", StringComparison.Ordinal) || line.StartsWith("error ", StringComparison.Ordinal))
        .Distinct()
        .ToArray();

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
