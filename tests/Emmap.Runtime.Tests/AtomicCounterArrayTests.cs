using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary>
/// <see cref="AtomicCounterArray{T}"/> in a layout file: checked indexes that change nothing, a
/// handle that throws once its file is disposed, what the constructor refuses, and exact totals when
/// threads, and real processes, update elements at once.
/// </summary>
public sealed class AtomicCounterArrayTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void EveryOperationChecksItsIndexNamingItAndTheLengthAndChangesNothing(int index)
    {
        using var dir = new TempDirectory();
        string path = dir.File("workers.layout");
        using (var file = LayoutFile<WorkerCounters>.Open(path))
        {
            AtomicCounterArray<long> perWorker = file.Layout.PerWorker;
            perWorker.GetAndAdd(3, 7);
            var operations = new Action[]
            {
                () => perWorker.ReadVolatile(index),
                () => perWorker.WriteVolatile(index, 1),
                () => perWorker.GetAndIncrement(index),
                () => perWorker.GetAndDecrement(index),
                () => perWorker.GetAndAdd(index, 1),
                () => perWorker.GetAndSubtract(index, 1),
                () => perWorker.Exchange(index, 1),
                () => perWorker.CompareExchange(index, 1, 0),
                () => perWorker.GetAndAnd(index, 0),
                () => perWorker.GetAndOr(index, -1),
                () => perWorker.GetAndXor(index, -1),
                () => perWorker.WaitForChange(index, 0, TimeSpan.Zero),
                () => perWorker.WaitUntilAtLeastAsync(index, 0, TimeSpan.Zero),
            };
            byte[] before = File.ReadAllBytes(path);
            foreach (Action operation in operations)
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(operation);
                Assert.Equal("index", e.ParamName);
                Assert.Equal(index, e.ActualValue);
                Assert.Contains($"Index {index} is outside the array of 4 elements (0 to 3)", e.Message);
            }
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(7, perWorker.ReadVolatile(3));
        }
    }

    [Fact]
    public void AHandleTakenBeforeDisposeThrowsObjectDisposedExceptionAfterIt()
    {
        using var dir = new TempDirectory();
        var file = LayoutFile<WorkerCounters>.Open(dir.File("workers.layout"));
        WorkerCounters layout = file.Layout;
        AtomicCounterArray<uint> buckets = layout.Buckets;
        buckets.GetAndIncrement(0);
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buckets.ReadVolatile(0));
        Assert.Throws<ObjectDisposedException>(() => buckets.GetAndIncrement(0));
        Assert.Throws<ObjectDisposedException>(() => buckets.WriteVolatile(0, 5u));
        Assert.Throws<ObjectDisposedException>(() => buckets.GetAndXor(7, 1u));
        Assert.Throws<ObjectDisposedException>(() => buckets.CompareExchange(1, 1u, 0u));
        Assert.Throws<ObjectDisposedException>(() => buckets.CopyTo(new uint[8]));
        Assert.Throws<ObjectDisposedException>(() => layout.PerWorker);
        // The index is checked first: a bad index says so even on a disposed file.
        Assert.Throws<ArgumentOutOfRangeException>(() => buckets.GetAndIncrement(8));
    }

    [Fact]
    public void TheConstructorRefusesOtherElementTypesAndStridesThatMisalignElements()
    {
        using var dir = new TempDirectory();
        using var file = LayoutFile<WorkerCounters>.Open(dir.File("workers.layout"));
        MappedView view = ViewOf(file.Layout);

        var type = Assert.Throws<NotSupportedException>(() => new AtomicCounterArray<short>(view, 4, 2));
        Assert.Contains("Int16", type.Message);
        var stride = Assert.Throws<ArgumentOutOfRangeException>(() => new AtomicCounterArray<long>(view, 4, 12));
        Assert.Equal("stride", stride.ParamName);
        Assert.Contains("stride 12 is not a positive multiple of the element size 8", stride.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtomicCounterArray<int>(view, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtomicCounterArray<int>(view, -1, 4));
        var span = Assert.Throws<ArgumentOutOfRangeException>(() => new AtomicCounterArray<long>(view, 40_000_000, 64));
        Assert.Equal("length", span.ParamName);
        Assert.Equal(0, new AtomicCounterArray<int>(view, 0, 4).Length);
    }

    [Fact]
    public void ThreadsHammeringDifferentElementsLoseNoUpdate()
    {
        using var dir = new TempDirectory();
        using var file = LayoutFile<WorkerCounters>.Open(dir.File("workers.layout"));
        WorkerCounters layout = file.Layout;
        const int PerThread = 50_000;
        var threads = new Thread[8];
        for (int t = 0; t < threads.Length; t++)
        {
            int worker = t % 4; // two threads per cache-line element
            int bucket = t;     // one thread per packed bucket, neighbours in one line
            threads[t] = new Thread(() =>
            {
                AtomicCounterArray<long> perWorker = layout.PerWorker;
                AtomicCounterArray<uint> buckets = layout.Buckets;
                for (int i = 0; i < PerThread; i++)
                {
                    perWorker.GetAndIncrement(worker);
                    buckets.GetAndAdd(bucket, 2);
                }
            });
        }
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a thread did not finish");
        }

        Span<long> perWorkerTotals = stackalloc long[4];
        layout.PerWorker.CopyTo(perWorkerTotals);
        Assert.Equal(new long[] { 2 * PerThread, 2 * PerThread, 2 * PerThread, 2 * PerThread }, perWorkerTotals.ToArray());
        for (int b = 0; b < 8; b++)
        {
            Assert.Equal(2u * PerThread, layout.Buckets.ReadVolatile(b));
        }
    }

    [Fact]
    public void TwoProcessesAndThisOneIncrementElementsOfOneCounterArrayToExactTotals()
    {
        using var dir = new TempDirectory();
        string path = dir.File("workers.layout");
        const int Count = 20_000;

        using var first = TestProcess.Start("counter-array-increment", path, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ready", first.ReadLine());
        using var second = TestProcess.Start("counter-array-increment", path, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ready", second.ReadLine());
        using var here = LayoutFile<WorkerCounters>.Open(path);
        AtomicCounterArray<long> perWorker = here.Layout.PerWorker;

        first.WriteLine("go");
        second.WriteLine("go");
        for (int i = 0; i < Count; i++)
        {
            perWorker.GetAndIncrement(i % 4);
        }
        Assert.Equal("done", first.ReadLine());
        Assert.Equal("done", second.ReadLine());
        first.WaitForSuccess();
        second.WaitForSuccess();

        for (int worker = 0; worker < 4; worker++)
        {
            Assert.Equal(2L * Count + Count / 4, perWorker.ReadVolatile(worker));
        }
        for (int bucket = 0; bucket < 8; bucket++)
        {
            Assert.Equal(2u * Count / 8, here.Layout.Buckets.ReadVolatile(bucket));
        }
    }

    private static MappedView ViewOf<T>(T layout) where T : struct, IMappedLayout<T> => layout.View;
}
