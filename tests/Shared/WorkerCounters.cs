// Compiled into both Emmap.Runtime.Tests and Emmap.TestProcess (linked, one source file), so the
// test and its helper processes agree on the layout and its hash.
namespace Emmap.Tests.Shared;

/// <summary>Per-worker request counts, one cache line each, and a packed histogram (packed on purpose): counter arrays shared by processes.</summary>
[MappedLayout(AllowFalseSharing = true)]
public partial struct WorkerCounters
{
    [AtomicCounter(0, Length = 4, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
    [AtomicCounter(256, Length = 8)] public partial AtomicCounterArray<uint> Buckets { get; }
}
