// Real layouts with atomic counter arrays, implemented by the generator while this project builds
// with Nullable and warnings as errors (and without unsafe code).

namespace Emmap.Generators.Tests.Layouts;

/// <summary>Per-worker counts, one cache line each, around a field, and packed buckets of every counter type.</summary>
[MappedLayout(AllowFalseSharing = true)]
public partial struct Histogram
{
    [AtomicCounter(0, Length = 4, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
    [Field(200)] public partial int State { get; set; }
    [AtomicCounter(256, Length = 3)] public partial AtomicCounterArray<int> Int32Buckets { get; }
    [AtomicCounter(268, Length = 3)] public partial AtomicCounterArray<uint> UInt32Buckets { get; }
    [AtomicCounter(280, Length = 3, Stride = 16)] internal partial AtomicCounterArray<ulong> UInt64Buckets { get; }
}
