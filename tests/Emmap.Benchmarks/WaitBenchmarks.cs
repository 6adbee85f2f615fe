using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// What waking costs a writer while someone waits (docs/waiting.md): a generated increment, which
/// notifies the counter's waiters, while a thread of this process waits on another word (the write
/// then hashes its word to its bucket and finds nobody there) and while a thread waits on it (each
/// increment then wakes it: a sequence bump and a <c>futex</c> wake system call), against
/// <see cref="Interlocked.Increment(ref long)"/> on a raw pointer (the baseline, no notify); and a
/// generated field write while a thread waits on another word, against a raw volatile store. With
/// nobody waiting anywhere, the cost is LayoutBenchmarks' and CountersBenchmarks' rows.
/// </summary>
[BenchmarkCategory("wait")]
public unsafe class WaitBenchmarks
{
    private const int Ops = 64;
    private const int RequestsOffset = 0;
    private const int StateOffset = 8;

    private MappedFixture _fixture = null!;
    private BenchStats _stats;
    private BenchStats _watched;
    private Thread? _waiter;
    private volatile bool _stop;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new MappedFixture();
        _stats = _fixture.Emmap.Bind<BenchStats>(0);
        _watched = _fixture.Emmap.Bind<BenchStats>(4096); // another page: its waiter never shares the unwatched counter's bucket
        _waiter = new Thread(() =>
        {
            BenchStats watched = _watched;
            while (!_stop)
            {
                watched.WaitForRequestsChange(watched.Requests, TimeSpan.FromMilliseconds(100));
            }
        }) { IsBackground = true };
        _waiter.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _waiter?.Join();
        _fixture.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("IncrementNotify")]
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

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("IncrementNotify")]
    public long IncrementNotify_WaiterOnAnotherWord()
    {
        BenchStats stats = _stats;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = stats.GetAndIncrementRequests();
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("IncrementNotify")]
    public long IncrementNotify_OneWaiter()
    {
        BenchStats stats = _watched;
        long last = 0;
        for (int i = 0; i < Ops; i++)
        {
            last = stats.GetAndIncrementRequests();
        }
        return last;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("WriteNotify")]
    public void Write_RawPointer()
    {
        int* p = (int*)(_fixture.Pointer + StateOffset);
        for (int i = 0; i < Ops; i++)
        {
            Volatile.Write(ref *p, i);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("WriteNotify")]
    public void WriteNotify_WaiterOnAnotherWord()
    {
        BenchStats stats = _stats;
        for (int i = 0; i < Ops; i++)
        {
            stats.State = i;
        }
    }
}
