using System.Diagnostics;

namespace Emmap.Runtime.Tests.Waiting;

/// <summary>
/// Waits within one process: the fast path, timeouts and cancellation (which must return near their
/// deadline: bounds on lateness are generous, never a performance figure), dispose during a wait,
/// and bad input, which throws naming the value.
/// </summary>
public sealed class WaitTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _dir = new();
    private readonly MappedFile _file;

    public WaitTests() => _file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 4096 });

    public void Dispose()
    {
        _file.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task AValueThatAlreadyDiffersReturnsAtOnceWithoutAllocating()
    {
        _file.WriteVolatileInt64(0, 5);
        Assert.True(_file.WaitForChangeInt64(0, 4, Timeout.InfiniteTimeSpan));
        ValueTask<bool> task = _file.WaitForChangeInt64Async(0, 4, Timeout.InfiniteTimeSpan);
        Assert.True(task.IsCompletedSuccessfully);
        Assert.True(await task);
        Assert.False(_file.WaitForChangeInt64(0, 5, TimeSpan.Zero)); // zero timeout: only checks

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _ = _file.WaitForChangeInt64(0, 4, Timeout.InfiniteTimeSpan);
            _ = _file.WaitForChangeInt32Async(0, 4, Timeout.InfiniteTimeSpan);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATimeoutReturnsFalseNearItsDeadline(bool async)
    {
        var clock = Stopwatch.StartNew();
        bool changed = async
            ? await _file.WaitForChangeInt32Async(8, 0, Short)
            : _file.WaitForChangeInt32(8, 0, Short);
        TimeSpan elapsed = clock.Elapsed;
        Assert.False(changed);
        Assert.InRange(elapsed, Short - TimeSpan.FromMilliseconds(1), Short + Lateness);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancellationEndsAWaitNearItsDeadline(bool async)
    {
        using var cancel = new CancellationTokenSource(Short);
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            if (async)
            {
                await _file.WaitForChangeInt64Async(16, 0, Deadline, cancel.Token);
            }
            else
            {
                await Task.Run(() => _file.WaitForChangeInt64(16, 0, Deadline, cancel.Token));
            }
        });
        Assert.InRange(clock.Elapsed, Short - TimeSpan.FromMilliseconds(1), Short + Lateness);
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenEndsAWaitAtOnce()
    {
        var cancelled = new CancellationToken(canceled: true);
        Assert.Throws<OperationCanceledException>(() => _file.WaitForChangeInt32(0, 0, Deadline, cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _file.WaitForChangeInt32Async(0, 0, Deadline, cancelled).AsTask());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisposeWhileAnotherThreadWaitsEndsTheWaitWithObjectDisposed(bool async)
    {
        Task<bool> waiting = async
            ? _file.WaitForChangeInt64Async(24, 0, Deadline).AsTask()
            : Task.Factory.StartNew(() => _file.WaitForChangeInt64(24, 0, Deadline), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        _file.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Deadline));
    }

    [Fact]
    public async Task AnotherThreadsWritesWakeSyncAndAsyncWaiters()
    {
        Task<bool> sync = Task.Factory.StartNew(() => _file.WaitForChangeInt32(32, 0, Deadline), TaskCreationOptions.LongRunning);
        Task<bool> async = _file.WaitForChangeInt32Async(32, 0, Deadline).AsTask();
        await Task.Delay(50);
        _file.GetAndOrInt32(32, 2);
        Assert.True(await sync.WaitAsync(Deadline));
        Assert.True(await async.WaitAsync(Deadline));
    }

    [Fact]
    public void BadInputThrowsNamingTheValue()
    {
        var misaligned = Assert.Throws<ArgumentException>(() => _file.WaitForChangeInt64(4, 0, Short));
        Assert.Contains("Position 4", misaligned.Message);
        Assert.Contains("Position 2", Assert.Throws<ArgumentException>(() => _file.WaitForChangeInt32Async(2, 0, Short)).Message);

        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => _file.WaitForChangeInt64(4096, 0, Short));
        Assert.Equal(4096L, outOfRange.ActualValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => _file.WaitForChangeInt32(-4, 0, Short));
        Assert.Throws<ArgumentOutOfRangeException>(() => _file.Notify(4096));

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => _file.WaitForChangeInt32(0, 0, TimeSpan.FromMilliseconds(-2)));
        Assert.Equal("timeout", negative.ParamName);
        Assert.Contains("-00:00:00.0020000", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => _file.WaitForChangeInt64Async(0, 0, TimeSpan.FromMilliseconds(-2)));

        _file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _file.WaitForChangeInt64(0, 0, Short));
        Assert.Throws<ObjectDisposedException>(() => _file.WaitForChangeInt32Async(0, 0, Short));
        Assert.Throws<ObjectDisposedException>(() => _file.Notify(0));
    }

    [Fact]
    public async Task CountersWaitForAChangeAndForAMinimum()
    {
        using var counters = MappedCounters.Open(_dir.File("counters.bin"), 2);
        Task<bool> atLeast = counters.WaitUntilAtLeastAsync(1, 3, Deadline).AsTask();
        Task<bool> change = Task.Factory.StartNew(() => counters.WaitForChange(0, 0, Deadline), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        Assert.False(atLeast.IsCompleted);
        counters.GetAndIncrement(1);
        counters.GetAndIncrement(1);
        counters.Exchange(0, 9);
        Assert.True(await change.WaitAsync(Deadline));
        Assert.False(atLeast.IsCompleted);
        counters.GetAndIncrement(1);
        Assert.True(await atLeast.WaitAsync(Deadline));
        Assert.True(counters.WaitUntilAtLeast(1, 3, TimeSpan.Zero));
        Assert.False(counters.WaitUntilAtLeast(1, 4, Short));
    }

    [Fact]
    public async Task CountersBadInputAndDispose()
    {
        var counters = MappedCounters.Open(_dir.File("counters.bin"), 2);
        Assert.Equal(2, Assert.Throws<ArgumentOutOfRangeException>(() => counters.WaitForChange(2, 0, Short)).ActualValue);
        Assert.Equal(-1, Assert.Throws<ArgumentOutOfRangeException>(() => counters.WaitUntilAtLeastAsync(-1, 0, Short)).ActualValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.WaitForChange(0, 0, TimeSpan.FromSeconds(-1)));

        Task<bool> waiting = counters.WaitForChangeAsync(0, 0, Deadline).AsTask();
        await Task.Delay(50);
        counters.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Deadline));
        Assert.Throws<ObjectDisposedException>(() => counters.WaitForChange(0, 0, Short));
    }

    [Fact]
    public async Task ACounterArrayElementsWaitsWakeOnThatElementsChange()
    {
        using var layout = LayoutFile<Emmap.Tests.Shared.WorkerCounters>.Open(_dir.File("workers.layout"));
        AtomicCounterArray<long> perWorker = layout.Layout.PerWorker;
        Task<bool> atLeast = perWorker.WaitUntilAtLeastAsync(2, 2, Deadline).AsTask();
        Task<bool> change = Task.Factory.StartNew(() => perWorker.WaitForChange(1, 0, Deadline), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        perWorker.GetAndAdd(2, 2);
        perWorker.GetAndIncrement(1);
        Assert.True(await atLeast.WaitAsync(Deadline));
        Assert.True(await change.WaitAsync(Deadline));
        Assert.False(perWorker.WaitForChange(0, 0, Short));
    }

    [Fact]
    public void ALayoutViewWaitOnAMisalignedOrWrongSizedValueThrows()
    {
        MappedView view = _file.Bind<TestLayout>(0).View;
        Assert.Contains("Offset 4", Assert.Throws<ArgumentException>(() => view.WaitForChange(4, 0L, Short, default)).Message);
        Assert.Throws<ArgumentException>(() => view.WaitForChange<short>(0, 0, Short, default));
    }
}
