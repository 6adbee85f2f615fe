using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// Generated layout accessors (<see cref="BenchStats"/> bound over the mapped file) against a raw
/// pointer to the same bytes (the baseline; volatile reads and writes, as the generated code does)
/// and <see cref="System.IO.MemoryMappedFiles.MemoryMappedViewAccessor"/>. Each benchmark does
/// <see cref="Ops"/> operations so single-nanosecond accesses are measured over a loop.
/// </summary>
[BenchmarkCategory("layout")]
public unsafe class LayoutBenchmarks
{
    private const int Ops = 64;
    private const int StateOffset = 8;
    private const int RequestsOffset = 0;

    private MappedFixture _fixture = null!;
    private BenchStats _stats;
    private QuietBenchStats _quiet;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _stats = _fixture.Emmap.Bind<BenchStats>(0);
        _quiet = _fixture.Emmap.Bind<QuietBenchStats>(0);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    // ---- field read ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("FieldRead")]
    public int FieldRead_RawPointer()
    {
        int* p = (int*)(_fixture.Pointer + StateOffset);
        int sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += Volatile.Read(ref *p);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("FieldRead")]
    public int FieldRead_Generated()
    {
        BenchStats stats = _stats;
        int sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += stats.State;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("FieldRead")]
    public int FieldRead_ViewAccessor()
    {
        var accessor = _fixture.Accessor;
        int sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += accessor.ReadInt32(StateOffset);
        }
        return sum;
    }

    // ---- field write ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("FieldWrite")]
    public void FieldWrite_RawPointer()
    {
        int* p = (int*)(_fixture.Pointer + StateOffset);
        for (int i = 0; i < Ops; i++)
        {
            Volatile.Write(ref *p, i);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("FieldWrite")]
    public void FieldWrite_Generated()
    {
        BenchStats stats = _stats;
        for (int i = 0; i < Ops; i++)
        {
            stats.State = i;
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("FieldWrite")]
    public void FieldWrite_GeneratedWithoutWake()
    {
        QuietBenchStats stats = _quiet;
        for (int i = 0; i < Ops; i++)
        {
            stats.State = i;
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("FieldWrite")]
    public void FieldWrite_ViewAccessor()
    {
        var accessor = _fixture.Accessor;
        for (int i = 0; i < Ops; i++)
        {
            accessor.Write(StateOffset, i);
        }
    }

    // ---- counter increment ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Increment")]
    public long Increment_InterlockedRawPointer()
    {
        ref long target = ref *(long*)(_fixture.Pointer + RequestsOffset);
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = Interlocked.Increment(ref target);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Increment")]
    public long Increment_Generated()
    {
        BenchStats stats = _stats;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = stats.GetAndIncrementRequests();
        }
        return last;
    }
}
