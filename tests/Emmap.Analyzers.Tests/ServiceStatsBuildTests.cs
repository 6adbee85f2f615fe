using System.Collections.Immutable;
using System.Globalization;
using Emmap.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// A project with the README's ServiceStats builds clean; moving one counter to a misaligned offset
/// fails the build with EMM001 at the offset and the generator's <c>#error</c> naming it, and nothing
/// else (no CS9248 or CS1061 noise from the generated code or from code that uses the layout), even
/// when EMM001 itself is configured away.
/// </summary>
public sealed class ServiceStatsBuildTests
{
    private const string Project = """
        using Emmap;

        namespace Demo;

        [MappedLayout(Size = 128)]
        public partial struct ServiceStats
        {
            [AtomicCounter(0)]  public partial long Requests { get; }
            [AtomicCounter(ERRORS)] public partial long Errors { get; }
            [Field(8)]          public partial int State { get; set; }
            [Field(16)]         public partial double LastLatencyMs { get; set; }
        }

        public static class Worker
        {
            public static long Fail(MappedFile file)
            {
                ServiceStats stats = file.Bind<ServiceStats>(0);
                stats.State = 2;
                stats.LastLatencyMs = 1.5;
                stats.GetAndIncrementRequests();
                return stats.GetAndAddErrors(1) + stats.Errors;
            }
        }
        """;

    [Fact]
    public async Task Valid_ServiceStats_builds_without_any_diagnostic()
    {
        PairedCompilation paired = await PairedCompilation.CreateAsync(Project.Replace("ERRORS", "64", StringComparison.Ordinal));

        Assert.Empty(paired.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(PairedCompilation.HasRealImplementation(paired.Layout("ServiceStats")));
    }

    [Fact]
    public async Task Misaligned_counter_fails_with_EMM001_and_the_generated_error_alone()
    {
        PairedCompilation paired = await PairedCompilation.CreateAsync(Project.Replace("ERRORS", "68", StringComparison.Ordinal));

        const string message = "Atomic counter 'Errors' (8 bytes) is at offset 68, which is not a multiple of 8; atomic counters must sit at a multiple of their size: use offset 72";
        Assert.Equal(2, paired.Errors.Count());
        Diagnostic error = Assert.Single(paired.Errors, d => d.Id == "EMM001");
        Assert.Equal(message, error.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("68", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.Equal("https://github.com/emmap-dotnet/emmap/blob/main/docs/diagnostics/EMM001.md", error.Descriptor.HelpLinkUri);
        AssertGeneratedError(paired, message);
        Assert.False(PairedCompilation.HasRealImplementation(paired.Layout("ServiceStats")));
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress)]
    [InlineData(ReportDiagnostic.Warn)]
    public async Task Misaligned_counter_fails_the_build_even_when_EMM001_is_configured_away(ReportDiagnostic severity)
    {
        PairedCompilation paired = await PairedCompilation.CreateAsync(Project.Replace("ERRORS", "68", StringComparison.Ordinal),
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("EMM001", severity));

        Assert.DoesNotContain(paired.Errors, d => d.Id == "EMM001");
        AssertGeneratedError(paired, "Atomic counter 'Errors' (8 bytes) is at offset 68");
        Assert.Single(paired.Errors);
    }

    /// <summary>The generated file's <c>#error</c> names the rule, the layout and the problem.</summary>
    private static void AssertGeneratedError(PairedCompilation paired, string message)
    {
        Diagnostic generated = Assert.Single(paired.Errors, d => d.Id == "CS1029");
        Assert.EndsWith("Demo.ServiceStats.g.cs", generated.Location.SourceTree!.FilePath, StringComparison.Ordinal);
        Assert.Contains("EMM001: [MappedLayout] struct 'Demo.ServiceStats' is not implemented: " + message,
            generated.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
