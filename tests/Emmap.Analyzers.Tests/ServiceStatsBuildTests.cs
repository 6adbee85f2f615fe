using Emmap.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// The "done when": a project with DESIGN.md's ServiceStats builds clean, and moving one
/// counter to a misaligned offset makes EMM001 the build's only error (no CS9248 or CS1061 noise from
/// the generated code or from code that uses the layout).
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
    public async Task Misaligned_counter_makes_EMM001_the_only_error()
    {
        PairedCompilation paired = await PairedCompilation.CreateAsync(Project.Replace("ERRORS", "68", StringComparison.Ordinal));

        Diagnostic error = Assert.Single(paired.Errors);
        Assert.Equal("EMM001", error.Id);
        Assert.Equal("'Errors' is an 8-byte atomic counter at offset 68; atomic counters must sit at a multiple of 8: use offset 72",
            error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("68", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.Equal("https://github.com/emmap-dotnet/emmap/blob/main/docs/diagnostics/EMM001.md", error.Descriptor.HelpLinkUri);
        Assert.False(PairedCompilation.HasRealImplementation(paired.Layout("ServiceStats")));
    }
}
