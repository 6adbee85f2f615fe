using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// An uncontended atomic add at a position: <see cref="MappedFile.GetAndAddInt64"/> against
/// <see cref="Interlocked.Add(ref long, long)"/> on a raw pointer into the same mapping (the
/// baseline). <see cref="System.IO.MemoryMappedFiles.MemoryMappedViewAccessor"/> has no atomics.
/// </summary>
[BenchmarkCategory("atomics")]
public unsafe class AtomicBenchmarks
{
    private const int Ops = 64;
    private const long Position = 128;

    private MappedFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = new MappedFixture();

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("AtomicAdd")]
    public long Add_InterlockedRawPointer()
    {
        ref long target = ref *(long*)(_fixture.Pointer + Position);
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = Interlocked.Add(ref target, 1);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("AtomicAdd")]
    public long Add_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = file.GetAndAddInt64(Position, 1);
        }
        return last;
    }
}
