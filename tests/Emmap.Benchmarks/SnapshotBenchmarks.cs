using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// Snapshots of the README's four-member layout under a sequence lock (<see cref="LockedBenchStats"/>):
/// an uncontended <c>ReadSnapshot()</c> against the sum of raw volatile reads of the same four
/// members (the baseline), and an update scope changing two fields against two raw stores plus two
/// <see cref="Interlocked"/> operations (the baseline, what a hand-made lock around two stores costs).
/// Each benchmark does <see cref="Ops"/> operations over a loop.
/// </summary>
[BenchmarkCategory("snapshot")]
public unsafe class SnapshotBenchmarks
{
    private const int Ops = 64;

    private MappedFixture _fixture = null!;
    private LockedBenchStats _stats;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _stats = _fixture.Emmap.Bind<LockedBenchStats>(0);
        _stats.GetAndAddRequests(3);
        _stats.State = 2;
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    // ---- read all four members ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("SnapshotRead")]
    public long SnapshotRead_RawVolatileReads()
    {
        byte* p = _fixture.Pointer;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += Volatile.Read(ref *(long*)p) + Volatile.Read(ref *(long*)(p + 64))
                + Volatile.Read(ref *(int*)(p + 8)) + (long)Volatile.Read(ref *(double*)(p + 16));
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("SnapshotRead")]
    public long SnapshotRead_ReadSnapshot()
    {
        LockedBenchStats stats = _stats;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            LockedBenchStats.Snapshot s = stats.ReadSnapshot();
            sum += s.Requests + s.Errors + s.State + (long)s.LastLatencyMs;
        }
        return sum;
    }

    // ---- change two fields as one ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("UpdateTwoFields")]
    public void UpdateTwoFields_RawStoresAndTwoInterlocked()
    {
        byte* p = _fixture.Pointer;
        ref long word = ref *(long*)(p + 24);
        for (int i = 0; i < Ops; i++)
        {
            Interlocked.CompareExchange(ref word, 1, 0);
            Volatile.Write(ref *(int*)(p + 8), i);
            Volatile.Write(ref *(double*)(p + 16), i);
            Interlocked.Exchange(ref word, 0);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("UpdateTwoFields")]
    public void UpdateTwoFields_UpdateScope()
    {
        LockedBenchStats stats = _stats;
        for (int i = 0; i < Ops; i++)
        {
            using LockedBenchStats.Update update = stats.BeginUpdate();
            update.State = i;
            update.LastLatencyMs = i;
        }
    }
}
