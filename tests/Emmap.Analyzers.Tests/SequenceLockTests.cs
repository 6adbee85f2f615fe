using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;
using Verify = Emmap.Analyzers.Tests.Verification.CodeFixVerifier<Emmap.Analyzers.CodeFixes.MoveMemberCodeFixProvider>;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// <c>[SequenceLock(offset)]</c> in every rule: its 16 bytes are placed like any member (alignment to
/// 8, EMM042 with a fix that moves it; overlap, EMM005; size, EMM006), one per layout (EMM043), a
/// get-only <c>SequenceLock</c> with no other layout attribute (EMM044), and outside a layout (EMM014).
/// </summary>
public sealed class SequenceLockTests
{
    [Fact]
    public Task A_lock_beside_fields_counters_and_arrays_is_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 128)]
        public partial struct Stats
        {
            [SequenceLock(0)] public partial SequenceLock Lock { get; }
            [Field(16)] public partial int State { get; set; }
            [Field(24, Length = 4)] public partial MappedArray<long> Values { get; }
            [AtomicCounter(64)] public partial long Requests { get; }
        }
        """);

    [Fact]
    public Task A_lock_off_a_multiple_of_8_fires_on_the_offset_and_suggests_the_next_free_one() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial int State { get; set; }
            [SequenceLock({|#0:4|})] public partial SequenceLock Lock { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedSequenceLock).WithArguments("Lock", 8, 4, 8));

    [Fact]
    public Task The_fix_moves_a_misaligned_lock() => Verify.VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial int State { get; set; }
            [SequenceLock({|#0:4|})] public partial SequenceLock Lock { get; }
        }
        """,
        [Diagnostic(LayoutDiagnostics.MisalignedSequenceLock).WithArguments("Lock", 8, 4, 8)],
        """
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0)] public partial int State { get; set; }
            [SequenceLock(8)] public partial SequenceLock Lock { get; }
        }
        """);

    [Fact]
    public Task A_field_inside_the_locks_16_bytes_overlaps_it() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [SequenceLock(0)] public partial SequenceLock Lock { get; }
            [Field({|#0:8|})] public partial long State { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.Overlap).WithArguments("State", 8, 15, "Lock", 0, 15, 16));

    [Fact]
    public Task A_lock_past_the_declared_size_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 16)]
        public partial struct Stats
        {
            [Field(0)] public partial long State { get; set; }
            [SequenceLock({|#0:8|})] public partial SequenceLock Lock { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.PastSize).WithArguments("Lock", 24, 16));

    [Fact]
    public Task A_second_lock_fires_on_its_offset() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [SequenceLock(0)] public partial SequenceLock First { get; }
            [SequenceLock({|#0:16|})] public partial SequenceLock Second { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.SecondSequenceLock).WithArguments("Second", "Stats", "First"));

    [Fact]
    public Task A_lock_of_another_type_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [SequenceLock(0)] public partial long {|#0:Lock|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.SequenceLockShape).WithArguments("Lock", "is of type 'long'"));

    [Fact]
    public Task A_lock_with_a_setter_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [SequenceLock(0)] public partial SequenceLock {|#0:Lock|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.SequenceLockShape).WithArguments("Lock", "has a setter"));

    [Fact]
    public Task A_lock_with_another_layout_attribute_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [SequenceLock(0), Field(0)] public partial SequenceLock {|#0:Lock|} { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.SequenceLockShape).WithArguments("Lock", "also has [Field]"));

    [Fact]
    public Task A_lock_outside_a_layout_is_stray() => VerifyAsync("""
        using Emmap;

        public class Settings
        {
            [{|#0:SequenceLock(0)|}] public SequenceLock Lock { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.StrayMember).WithArguments("Lock", "SequenceLock", "Settings"));
}
