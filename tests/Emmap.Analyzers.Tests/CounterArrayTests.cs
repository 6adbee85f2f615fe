using Emmap.Layout;
using static Emmap.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Emmap.Analyzers.Tests;

/// <summary>
/// <c>[AtomicCounter(offset, Length = n, Stride = s)]</c> on <c>AtomicCounterArray&lt;T&gt;</c> in every
/// rule: its type (EMM003, EMM041), length (EMM011, EMM032, EMM033), stride (EMM038, EMM040), the
/// alignment of every element (EMM001), the whole span in overlap and size (EMM005, EMM006), false
/// sharing between its elements (EMM039) and with its neighbours (EMM010), and its setter (EMM029).
/// </summary>
public sealed class CounterArrayTests
{
    [Fact]
    public Task Counter_arrays_of_every_counter_type_with_a_line_per_element_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<int> A { get; }
            [Field(72)] public partial long BesideTheLastElement { get; set; }
            [AtomicCounter(128, Length = 2, Stride = 64)] public partial AtomicCounterArray<uint> B { get; }
            [AtomicCounter(256, Length = 2, Stride = 128)] public partial AtomicCounterArray<long> C { get; }
            [AtomicCounter(512, Length = 1)] public partial AtomicCounterArray<ulong> D { get; }
        }
        """);

    [Fact]
    public Task A_mapped_array_is_not_a_counter_array() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 4)] public partial {|#0:MappedArray<long>|} Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterType).WithArguments("Values", "MappedArray<long>"));

    [Fact]
    public Task A_counter_array_of_a_non_counter_type_fires_on_the_type() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 4)] public partial {|#0:AtomicCounterArray<double>|} Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterType).WithArguments("Values", "AtomicCounterArray<double>"));

    [Fact]
    public Task A_counter_array_needs_AtomicCounter_not_Field() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [Field(0, Length = 4)] public partial {|#0:AtomicCounterArray<long>|} Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterArrayAsField).WithArguments("Values", "AtomicCounterArray<long>"));

    [Fact]
    public Task A_counter_array_without_length_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter({|#0:0|})] public partial AtomicCounterArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ArrayWithoutLength).WithArguments("Values", 0));

    [Fact]
    public Task A_counter_array_past_two_gigabytes_counts_its_stride() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, {|#0:Length = 40000000|}, Stride = 64)] public partial AtomicCounterArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ArrayTooLarge).WithArguments("Values", 40000000, 2559999944L, int.MaxValue));

    [Fact]
    public Task Length_on_a_single_counter_fires_on_the_length() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, {|#0:Length = 4|})] public partial long Hits { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.LengthOnNonArray).WithArguments("Hits", 4, "long"));

    [Fact]
    public Task Stride_on_a_single_counter_fires_on_the_stride() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, {|#0:Stride = 64|})] public partial long Hits { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.StrideOnNonArray).WithArguments("Hits", 64, "long"));

    [Theory]
    [InlineData(12, 16)]
    [InlineData(4, 8)]
    [InlineData(-8, 8)]
    public Task A_stride_that_is_not_a_multiple_of_the_element_size_fires_with_one_that_is(int stride, int suggestion) => VerifyAsync($$"""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 4, {|#0:Stride = {{stride}}|})] public partial AtomicCounterArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.InvalidStride).WithArguments("Values", stride, 8, suggestion));

    [Fact]
    public Task A_misaligned_first_element_fires_like_a_counter() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter({|#0:4|}, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounter).WithArguments("Values", 8, 4, 8));

    [Fact]
    public Task A_field_in_the_gap_between_strided_elements_overlaps_the_array() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> Values { get; }
            [Field({|#0:8|})] public partial int State { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.Overlap).WithArguments("State", 8, 11, "Values", 0, 71, 72));

    [Fact]
    public Task The_last_element_past_the_declared_size_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout(Size = 64)]
        public partial struct Stats
        {
            [AtomicCounter({|#0:0|}, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> Values { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.PastSize).WithArguments("Values", 72, 64));

    [Fact]
    public Task Packed_elements_share_a_line_reported_on_the_length() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, {|#0:Length = 8|})] public partial AtomicCounterArray<long> Requests { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.ElementFalseSharing).WithArguments("Requests", 8, 0, 1, 64));

    [Fact]
    public Task Elements_48_bytes_apart_fire_on_the_first_pair_in_one_line() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(16, Length = 3, {|#0:Stride = 48|})] public partial AtomicCounterArray<long> Requests { get; }
        }
        """,
        // Elements at 16, 64 and 112: the first two are on different lines, the last two on one.
        Diagnostic(LayoutDiagnostics.ElementFalseSharing).WithArguments("Requests", 48, 1, 2, 64));

    [Fact]
    public Task Two_elements_48_bytes_apart_on_different_lines_are_fine() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(16, Length = 2, Stride = 48)] public partial AtomicCounterArray<long> Requests { get; }
        }
        """);

    [Fact]
    public Task AllowFalseSharing_switches_off_the_element_rule() => VerifyAsync("""
        using Emmap;

        [MappedLayout(AllowFalseSharing = true)]
        public partial struct Histogram
        {
            [AtomicCounter(0, Length = 16)] public partial AtomicCounterArray<uint> Buckets { get; }
        }
        """);

    [Fact]
    public Task A_counter_in_the_line_of_the_first_element_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0)] public partial long Hits { get; }
            [AtomicCounter({|#0:8|}, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("Hits", 0, "PerWorker", 8, 0, 64));

    [Fact]
    public Task A_counter_in_the_line_of_the_last_element_fires_and_skips_the_arrays_lines() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
            [AtomicCounter({|#0:80|})] public partial long Hits { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.FalseSharing).WithArguments("PerWorker", 64, "Hits", 80, 64, 128));

    [Fact]
    public Task A_counter_array_with_a_setter_fires() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Stats
        {
            [AtomicCounter(0, Length = 1)] public partial AtomicCounterArray<long> {|#0:Values|} { get; set; }
        }
        """,
        Diagnostic(LayoutDiagnostics.CounterSetter).WithArguments("Values"));

    [Fact]
    public Task A_nested_layout_holding_a_counter_array_must_sit_at_its_alignment() => VerifyAsync("""
        using Emmap;

        [MappedLayout]
        public partial struct Inner
        {
            [AtomicCounter(0, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
        }

        [MappedLayout]
        public partial struct Outer
        {
            [Field(0)] public partial byte Flag { get; set; }
            [Field({|#0:4|})] public partial Inner Inner { get; }
        }
        """,
        Diagnostic(LayoutDiagnostics.MisalignedCounterHolder).WithArguments("Inner", 8, 4, 8));
}
