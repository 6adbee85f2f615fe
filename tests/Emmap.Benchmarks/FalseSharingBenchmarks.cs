using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// Two threads incrementing at once, <see cref="PerThread"/> times each: both on one counter, each
/// on its own counter in a padded file (128-byte slots), and each on one of two compact neighbours
/// in an emmap-format file (8 bytes apart, one cache line) — the baseline, so the ratios show what
/// false sharing costs and what the padded format saves. Meaningful only on a machine with at
/// least two cores; the time per operation is the wall time divided by all increments.
/// </summary>
[BenchmarkCategory("false-sharing")]
public class FalseSharingBenchmarks
{
    private const int PerThread = 1_000_000;
    private const int Threads = 2;

    private string _directory = null!;
    private MappedCounters _compact = null!;
    private MappedCounters _padded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("emmap-bench-sharing-").FullName;
        _compact = MappedCounters.Open(System.IO.Path.Combine(_directory, "compact.bin"), 2, CountersFormat.Emmap);
        _padded = MappedCounters.Open(System.IO.Path.Combine(_directory, "padded.bin"), 2, CountersFormat.Padded);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _compact.Dispose();
        _padded.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void RunPair(MappedCounters counters, int firstIndex, int secondIndex)
    {
        using var start = new Barrier(Threads);
        var first = new Thread(() => Hammer(counters, firstIndex, start));
        var second = new Thread(() => Hammer(counters, secondIndex, start));
        first.Start();
        second.Start();
        first.Join();
        second.Join();
    }

    private static void Hammer(MappedCounters counters, int index, Barrier start)
    {
        start.SignalAndWait();
        for (int i = 0; i < PerThread; i++)
        {
            counters.GetAndIncrement(index);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerThread * Threads)]
    public void TwoThreads_CompactNeighbours() => RunPair(_compact, 0, 1);

    [Benchmark(OperationsPerInvoke = PerThread * Threads)]
    public void TwoThreads_PaddedCounters() => RunPair(_padded, 0, 1);

    [Benchmark(OperationsPerInvoke = PerThread * Threads)]
    public void TwoThreads_OneCounter() => RunPair(_compact, 0, 0);
}
