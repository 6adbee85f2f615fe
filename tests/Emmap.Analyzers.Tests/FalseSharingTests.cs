using Emmap.Layout;
using Emmap.Analyzers.Tests.Verification;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM010 (warning): two atomic counters in one 64-byte cache line; can be switched off.</summary>
public sealed class FalseSharingTests
{
    private const string TwoCountersInOneLine = """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:8|})] public partial long Errors { get; }
        }
        """;

    [Fact]
    public Task Counters_at_0_and_8_fire_on_the_second() => VerifyAsync(TwoCountersInOneLine,
        Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("Requests", 0, "Errors", 8, 0, 64));

    [Fact]
    public Task Suggestion_skips_lines_that_hold_a_counter() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter({|#0:8|})] public partial long Errors { get; }
            [AtomicCounter(64)] public partial long Timeouts { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("Requests", 0, "Errors", 8, 0, 128));

    [Fact]
    public Task Counters_at_0_and_64_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter(64)] public partial long Errors { get; }
            [Field(8)] public partial long NotACounter { get; set; }
        }
        """);

    [Fact]
    public Task AllowFalseSharing_switches_it_off_for_the_layout() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Requests { get; }
            [AtomicCounter(8)] public partial long Errors { get; }
        }
        """);

    [Fact]
    public async Task Editorconfig_severity_none_switches_it_off()
    {
        var test = new AnalyzerVerifier(TwoCountersInOneLine.Replace("{|#0:8|}", "8", StringComparison.Ordinal));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.EMM010.severity = none
            """));
        await test.RunAsync();
    }
}
