using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>The counter array the benchmarks increment: four elements, one cache line each.</summary>
[MappedLayout]
public partial struct BenchWorkers
{
    [AtomicCounter(0, Length = 4, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
}

/// <summary>
/// Incrementing an element of a generated counter array (<see cref="BenchWorkers"/> over the mapped
/// file), through the property each time and through a handle kept in a local, against
/// <c>Interlocked.Increment</c> on a raw pointer to the same element (the baseline). The index
/// cycles over the four elements. Each benchmark does <see cref="Ops"/> increments.
/// </summary>
[BenchmarkCategory("layout")]
public unsafe class CounterArrayBenchmarks
{
    private const int Ops = 64;
    private const int Stride = 64;

    private MappedFixture _fixture = null!;
    private BenchWorkers _workers;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _workers = _fixture.Emmap.Bind<BenchWorkers>(0);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("ElementIncrement")]
    public long ElementIncrement_InterlockedRawPointer()
    {
        byte* first = _fixture.Pointer;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = Interlocked.Increment(ref *(long*)(first + (i & 3) * Stride));
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("ElementIncrement")]
    public long ElementIncrement_GeneratedProperty()
    {
        BenchWorkers workers = _workers;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = workers.PerWorker.GetAndIncrement(i & 3);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("ElementIncrement")]
    public long ElementIncrement_Handle()
    {
        AtomicCounterArray<long> perWorker = _workers.PerWorker;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = perWorker.GetAndIncrement(i & 3);
        }
        return last;
    }
}
