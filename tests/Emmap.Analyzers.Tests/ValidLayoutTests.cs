using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>A layout that keeps every rule produces no diagnostic at all.</summary>
public sealed class ValidLayoutTests
{
    [Fact]
    public Task ServiceStats_from_the_design_is_clean() => VerifyAsync("""
        using Emmap;

        namespace Demo;

        public enum State : int { Starting, Running, Stopping }

        [MappedLayout(Size = 128)]
        public partial struct ServiceStats
        {
            [AtomicCounter(0)]  public partial long Requests { get; }
            [AtomicCounter(64)] public partial long Errors { get; }
            [Field(8)]          public partial State State { get; set; }
            [Field(16)]         public partial double LastLatencyMs { get; set; }
            [Field(24, Length = 8)] public partial MappedArray<byte> Tag { get; }
            public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
        }
        """);
}
