using System.Numerics;
using Emmap.Generators.Tests.Layouts;

namespace Emmap.Generators.Tests;

/// <summary>
/// <c>[AtomicCounter(offset, Length = n, Stride = s)]</c> properties of type
/// <c>AtomicCounterArray&lt;T&gt;</c>, implemented by the generator at build time and used against
/// real mapped memory: element i sits at offset + i * stride, every operation returns the value
/// before and changes that element alone, indexes are checked and a disposed file's handles throw.
/// </summary>
public sealed class CounterArrayLayoutTests : IDisposable
{
    private const long Base = 512;
    private readonly MappedFile _file = MappedFile.CreateAnonymous(4096);

    public void Dispose() => _file.Dispose();

    [Fact]
    public void SizeCoversTheLastElementAndTheHandleKnowsItsShape()
    {
        // UInt64Buckets: 280 + 2 * 16 + 8 = 320, a multiple of the alignment 8.
        Assert.Equal(320, Histogram.Size);
        Assert.Equal(8, Histogram.Alignment);
        Histogram histogram = _file.Bind<Histogram>(Base);
        Assert.Equal((4, 64), (histogram.PerWorker.Length, histogram.PerWorker.Stride));
        Assert.Equal((3, 4), (histogram.Int32Buckets.Length, histogram.Int32Buckets.Stride));
        Assert.Equal((3, 16), (histogram.UInt64Buckets.Length, histogram.UInt64Buckets.Stride));
    }

    [Fact]
    public void ElementsSitAtTheirStrideAndAreIndependent()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        AtomicCounterArray<long> perWorker = histogram.PerWorker;
        for (int i = 0; i < perWorker.Length; i++)
        {
            perWorker.GetAndAdd(i, 100 + i);
        }
        histogram.State = -1;

        for (int i = 0; i < perWorker.Length; i++)
        {
            Assert.Equal(100 + i, _file.ReadVolatileInt64(Base + i * 64));
            Assert.Equal(100 + i, histogram.PerWorker.ReadVolatile(i));
            Assert.Equal(0, _file.ReadVolatileInt64(Base + i * 64 + 16)); // the gap stays untouched
        }
        Assert.Equal(-1, _file.ReadVolatileInt32(Base + 200));
        histogram.UInt64Buckets.GetAndIncrement(2);
        Assert.Equal(1UL, _file.ReadVolatileUInt64(Base + 280 + 32));
        Span<long> all = stackalloc long[4];
        perWorker.CopyTo(all);
        Assert.Equal(new long[] { 100, 101, 102, 103 }, all.ToArray());
    }

    [Fact]
    public void Int64Elements() => CheckElement(_file.Bind<Histogram>(Base).PerWorker, 3, Base + 3 * 64);

    [Fact]
    public void Int32Elements() => CheckElement(_file.Bind<Histogram>(Base).Int32Buckets, 1, Base + 256 + 4);

    [Fact]
    public void UInt32Elements() => CheckElement(_file.Bind<Histogram>(Base).UInt32Buckets, 2, Base + 268 + 8);

    [Fact]
    public void UInt64Elements() => CheckElement(_file.Bind<Histogram>(Base).UInt64Buckets, 0, Base + 280);

    [Fact]
    public void UnsignedElementsWrapAndSubtractWraps()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        Assert.Equal(0u, histogram.UInt32Buckets.GetAndDecrement(0));
        Assert.Equal(uint.MaxValue, histogram.UInt32Buckets.ReadVolatile(0));
        Assert.Equal(0UL, histogram.UInt64Buckets.GetAndSubtract(1, 2));
        Assert.Equal(ulong.MaxValue - 1, histogram.UInt64Buckets.ReadVolatile(1));
        Assert.Equal(0, histogram.Int32Buckets.GetAndSubtract(2, int.MinValue));
        Assert.Equal(int.MinValue, histogram.Int32Buckets.ReadVolatile(2));
    }

    [Fact]
    public void AnIndexOutsideTheArrayThrowsNamingTheIndexAndTheLengthAndChangesNothing()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        byte[] before = _file.ReadAt(Base, Histogram.Size);

        var high = Assert.Throws<ArgumentOutOfRangeException>(() => histogram.PerWorker.GetAndIncrement(4));
        Assert.Equal("index", high.ParamName);
        Assert.Contains("Index 4 is outside the array of 4 elements", high.Message);
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Int32Buckets.ReadVolatile(-1));
        Assert.Contains("Index -1 is outside the array of 3 elements", low.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.UInt64Buckets.CompareExchange(3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.UInt32Buckets.GetAndXor(int.MaxValue, 1));
        Assert.Throws<ArgumentException>(() => histogram.PerWorker.CopyTo(new long[3]));
        Assert.Equal(before, _file.ReadAt(Base, Histogram.Size));
    }

    [Fact]
    public void AfterDisposeThePropertyAndAHandleTakenEarlierThrow()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        AtomicCounterArray<long> perWorker = histogram.PerWorker;
        _file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => histogram.PerWorker);
        Assert.Throws<ObjectDisposedException>(() => perWorker.ReadVolatile(0));
        Assert.Throws<ObjectDisposedException>(() => perWorker.GetAndIncrement(1));
        Assert.Throws<ObjectDisposedException>(() => perWorker.CompareExchange(2, 1, 0));
        Assert.Throws<ObjectDisposedException>(() => perWorker.CopyTo(new long[4]));
    }

    [Fact]
    public void ThreadsOnDifferentElementsLoseNoIncrement()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            AtomicCounterArray<long> perWorker = histogram.PerWorker;
            for (int i = 0; i < 20_000; i++)
            {
                perWorker.GetAndIncrement(worker % 4); // two threads per element
            }
        });
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(40_000, histogram.PerWorker.ReadVolatile(i));
        }
    }

    [Fact]
    public void ElementOperationsDoNotAllocate()
    {
        Histogram histogram = _file.Bind<Histogram>(Base);
        Exercise(histogram, 1000); // warm up (JIT tiers)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exercise(histogram, 1000);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());

        static void Exercise(Histogram histogram, int count)
        {
            for (int i = 0; i < count; i++)
            {
                histogram.PerWorker.GetAndIncrement(i % 4);
                histogram.Int32Buckets.GetAndAdd(i % 3, 2);
                histogram.UInt64Buckets.CompareExchange(i % 3, 5, 0);
                _ = histogram.UInt32Buckets.ReadVolatile(i % 3);
            }
        }
    }

    /// <summary>
    /// Runs every element operation on element <paramref name="index"/> in a sequence whose expected
    /// results differ at each step, checking each returns the value before, that the element's
    /// memory holds the result, and that the other elements stay zero.
    /// </summary>
    private void CheckElement<T>(AtomicCounterArray<T> array, int index, long position)
        where T : unmanaged, IBinaryInteger<T>
    {
        static T N(int value) => T.CreateChecked(value);

        Assert.Equal(N(0), array.ReadVolatile(index));
        Assert.Equal(N(0), array.GetAndIncrement(index));           // 1
        Assert.Equal(N(1), array.GetAndAdd(index, N(20)));          // 21
        Assert.Equal(N(21), array.GetAndSubtract(index, N(10)));    // 11
        Assert.Equal(N(11), array.GetAndDecrement(index));          // 10
        Assert.Equal(N(10), array.Exchange(index, N(12)));          // 12
        Assert.Equal(N(12), array.CompareExchange(index, N(99), N(5)));  // no match: stays 12
        Assert.Equal(N(12), array.ReadVolatile(index));
        Assert.Equal(N(12), array.CompareExchange(index, N(14), N(12))); // match: 14
        Assert.Equal(N(14), array.GetAndAnd(index, N(0b0110)));     // 6
        Assert.Equal(N(6), array.GetAndOr(index, N(0b1001)));       // 15
        Assert.Equal(N(15), array.GetAndXor(index, N(0b0101)));     // 10
        Assert.Equal(N(10), array.ReadVolatile(index));
        array.WriteVolatile(index, N(9));
        Assert.Equal(N(9), array.Exchange(index, N(10)));

        long raw = typeof(T) == typeof(int) || typeof(T) == typeof(uint) ? _file.ReadVolatileInt32(position) : _file.ReadVolatileInt64(position);
        Assert.Equal(10, raw);
        for (int other = 0; other < array.Length; other++)
        {
            if (other != index)
            {
                Assert.Equal(N(0), array.ReadVolatile(other));
            }
        }
    }
}
