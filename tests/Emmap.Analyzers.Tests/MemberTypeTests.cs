using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM003 (counter types) and EMM007 (member types): the diagnostic sits on the property's type.</summary>
public sealed class MemberTypeTests
{
    [Fact]
    public Task Double_counter_fires_on_the_type() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial {|#0:double|} Total { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterType).WithArguments("Total", "double"));

    [Fact]
    public Task Enum_counter_fires() => VerifyAsync("""
        using Emmap;

        public enum Mode : long { Off, On }

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial {|#0:Mode|} Current { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterType).WithArguments("Current", "Mode"));

    [Fact]
    public Task Uint_and_ulong_counters_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial uint Small { get; }
            [AtomicCounter(8)] public partial ulong Big { get; }
        }
        """);

    [Fact]
    public Task String_field_fires_on_the_type() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial {|#0:string|} Name { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.UnsupportedType).WithArguments("Name", "string"));

    [Fact]
    public Task Array_of_decimal_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, Length = 2)] public partial {|#0:MappedArray<decimal>|} Prices { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.UnsupportedType).WithArguments("Prices", "MappedArray<decimal>"));

    [Fact]
    public Task Enum_char_bool_and_float_fields_are_fine() => VerifyAsync("""
        using Emmap;

        public enum Mode : byte { Off, On }

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial Mode Current { get; set; }
            [Field(1)] public partial bool Enabled { get; set; }
            [Field(2)] public partial char Letter { get; set; }
            [Field(4)] public partial float Ratio { get; set; }
        }
        """);
}
