using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// <see cref="MappedCounters.GetAndIncrement"/> uncontended, against
/// <see cref="Interlocked.Increment(ref long)"/> on a raw pointer into a mapping (the baseline).
/// </summary>
[BenchmarkCategory("counters")]
public unsafe class CountersBenchmarks
{
    private const int Ops = 64;

    private MappedFixture _fixture = null!;
    private string _directory = null!;
    private MappedCounters _counters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _directory = Directory.CreateTempSubdirectory("emmap-bench-counters-").FullName;
        _counters = MappedCounters.Open(System.IO.Path.Combine(_directory, "counters.bin"), 4);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _counters.Dispose();
        _fixture.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Increment")]
    public long Increment_InterlockedRawPointer()
    {
        ref long target = ref *(long*)(_fixture.Pointer + 16);
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = Interlocked.Increment(ref target);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Increment")]
    public long Increment_MappedCounters()
    {
        MappedCounters counters = _counters;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = counters.GetAndIncrement(0);
        }
        return last;
    }
}
