using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// pread/pwrite of 8 bytes and 4 KiB: <see cref="MappedFile.ReadAt(long, Span{byte})"/> and
/// <see cref="MappedFile.WriteAt"/> against a raw-pointer copy (the baseline),
/// <see cref="System.IO.MemoryMappedFiles.MemoryMappedViewAccessor"/> and <see cref="RandomAccess"/>.
/// The raw-pointer baseline copies <c>span.Length</c> bytes, as a pread into a caller's span must; the
/// ReadInt64/WriteInt64 categories compare the typed 8-byte path (an aligned, volatile long).
/// Each benchmark does <see cref="Ops"/> operations at spread positions, so nanosecond copies are
/// measured over a loop rather than against the harness's own overhead. 8-byte operations step
/// through 64 cache lines (one 4 KiB page: what a hot 8-byte pread touches), 4 KiB operations
/// through 64 pages; every method of a category touches exactly the same bytes.
/// </summary>
[BenchmarkCategory("pread/pwrite")]
public unsafe class PreadPwriteBenchmarks
{
    private const int Ops = 64;
    private const int SmallStride = 64;
    private const int PageStride = 4096;

    private MappedFixture _fixture = null!;
    private byte[] _small = null!;
    private byte[] _page = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _small = new byte[8];
        _page = new byte[4096];
        Random.Shared.NextBytes(_page);
        _page.AsSpan(0, 8).CopyTo(_small);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    private static long SmallPosition(int i) => (long)i * SmallStride;

    private static long PagePosition(int i) => (long)i * PageStride;

    // ---- 8-byte reads ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Read8")]
    public void Read8_RawPointer()
    {
        byte* p = _fixture.Pointer;
        Span<byte> destination = _small;
        for (int i = 0; i < Ops; i++)
        {
            new ReadOnlySpan<byte>(p + SmallPosition(i), destination.Length).CopyTo(destination);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read8")]
    public void Read8_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        Span<byte> destination = _small;
        for (int i = 0; i < Ops; i++)
        {
            file.ReadAt(SmallPosition(i), destination);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read8")]
    public void Read8_ViewAccessorReadArray()
    {
        var accessor = _fixture.Accessor;
        byte[] destination = _small;
        for (int i = 0; i < Ops; i++)
        {
            accessor.ReadArray(SmallPosition(i), destination, 0, 8);
        }
    }

    // ---- typed 8-byte reads and writes (an aligned long) ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("ReadInt64")]
    public long ReadInt64_RawPointer()
    {
        byte* p = _fixture.Pointer;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += Volatile.Read(ref *(long*)(p + SmallPosition(i)));
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("ReadInt64")]
    public long ReadInt64_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += file.ReadVolatileInt64(SmallPosition(i));
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("ReadInt64")]
    public long ReadInt64_ViewAccessor()
    {
        var accessor = _fixture.Accessor;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            sum += accessor.ReadInt64(SmallPosition(i));
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read8")]
    public void Read8_RandomAccess()
    {
        var handle = _fixture.Handle;
        Span<byte> destination = _small;
        for (int i = 0; i < Ops; i++)
        {
            RandomAccess.Read(handle, destination, SmallPosition(i));
        }
    }

    // ---- 8-byte writes ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Write8")]
    public void Write8_RawPointer()
    {
        byte* p = _fixture.Pointer;
        ReadOnlySpan<byte> source = _small;
        for (int i = 0; i < Ops; i++)
        {
            source.CopyTo(new Span<byte>(p + SmallPosition(i), 8));
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write8")]
    public void Write8_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        ReadOnlySpan<byte> source = _small;
        for (int i = 0; i < Ops; i++)
        {
            file.WriteAt(SmallPosition(i), source);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write8")]
    public void Write8_ViewAccessorWriteArray()
    {
        var accessor = _fixture.Accessor;
        byte[] source = _small;
        for (int i = 0; i < Ops; i++)
        {
            accessor.WriteArray(SmallPosition(i), source, 0, 8);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("WriteInt64")]
    public void WriteInt64_RawPointer()
    {
        byte* p = _fixture.Pointer;
        for (int i = 0; i < Ops; i++)
        {
            Volatile.Write(ref *(long*)(p + SmallPosition(i)), i);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("WriteInt64")]
    public void WriteInt64_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        for (int i = 0; i < Ops; i++)
        {
            file.WriteVolatileInt64(SmallPosition(i), i);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("WriteInt64")]
    public void WriteInt64_ViewAccessor()
    {
        var accessor = _fixture.Accessor;
        for (int i = 0; i < Ops; i++)
        {
            accessor.Write(SmallPosition(i), (long)i);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write8")]
    public void Write8_RandomAccess()
    {
        var handle = _fixture.Handle;
        ReadOnlySpan<byte> source = _small;
        for (int i = 0; i < Ops; i++)
        {
            RandomAccess.Write(handle, source, SmallPosition(i));
        }
    }

    // ---- 4 KiB reads ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Read4K")]
    public void Read4K_RawPointer()
    {
        byte* p = _fixture.Pointer;
        Span<byte> destination = _page;
        for (int i = 0; i < Ops; i++)
        {
            new ReadOnlySpan<byte>(p + PagePosition(i), 4096).CopyTo(destination);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read4K")]
    public void Read4K_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        Span<byte> destination = _page;
        for (int i = 0; i < Ops; i++)
        {
            file.ReadAt(PagePosition(i), destination);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read4K")]
    public void Read4K_ViewAccessorReadArray()
    {
        var accessor = _fixture.Accessor;
        byte[] destination = _page;
        for (int i = 0; i < Ops; i++)
        {
            accessor.ReadArray(PagePosition(i), destination, 0, 4096);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Read4K")]
    public void Read4K_RandomAccess()
    {
        var handle = _fixture.Handle;
        Span<byte> destination = _page;
        for (int i = 0; i < Ops; i++)
        {
            RandomAccess.Read(handle, destination, PagePosition(i));
        }
    }

    // ---- 4 KiB writes ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Write4K")]
    public void Write4K_RawPointer()
    {
        byte* p = _fixture.Pointer;
        ReadOnlySpan<byte> source = _page;
        for (int i = 0; i < Ops; i++)
        {
            source.CopyTo(new Span<byte>(p + PagePosition(i), 4096));
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write4K")]
    public void Write4K_Emmap()
    {
        MappedFile file = _fixture.Emmap;
        ReadOnlySpan<byte> source = _page;
        for (int i = 0; i < Ops; i++)
        {
            file.WriteAt(PagePosition(i), source);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write4K")]
    public void Write4K_ViewAccessorWriteArray()
    {
        var accessor = _fixture.Accessor;
        byte[] source = _page;
        for (int i = 0; i < Ops; i++)
        {
            accessor.WriteArray(PagePosition(i), source, 0, 4096);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Write4K")]
    public void Write4K_RandomAccess()
    {
        var handle = _fixture.Handle;
        ReadOnlySpan<byte> source = _page;
        for (int i = 0; i < Ops; i++)
        {
            RandomAccess.Write(handle, source, PagePosition(i));
        }
    }
}
