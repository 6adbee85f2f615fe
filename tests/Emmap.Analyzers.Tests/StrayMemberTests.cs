using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>EMM014 (warning): [Field] or [AtomicCounter] on a member of a type without [MappedLayout].</summary>
public sealed class StrayMemberTests
{
    [Fact]
    public Task Field_in_a_plain_class_fires_on_the_attribute() => VerifyAsync("""
        using Emmap;

        public class Settings
        {
            [{|#0:Field(0)|}] public int Port { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.StrayMember).WithArguments("Port", "Field", "Settings"));

    [Fact]
    public Task Counter_in_a_struct_without_MappedLayout_fires() => VerifyAsync("""
        using Emmap;

        public partial struct Stats
        {
            [{|#0:AtomicCounter(0)|}] public long Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.StrayMember).WithArguments("Requests", "AtomicCounter", "Stats"));

    [Fact]
    public Task Plain_properties_and_other_attributes_are_fine() => VerifyAsync("""
        using System;
        using Emmap;

        public class Settings
        {
            [Obsolete] public int Port { get; set; }
            public int Host { get; set; }
        }
        """);
}
