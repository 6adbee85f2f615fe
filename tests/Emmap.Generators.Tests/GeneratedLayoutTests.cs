using System.Numerics;
using Emmap.Generators.Tests.Layouts;

namespace Emmap.Generators.Tests;

/// <summary>
/// The layouts in <c>Layouts/</c>, implemented by the generator at build time, used against real
/// mapped memory: every member kind reads and writes the bytes at its offset, every counter method
/// returns the value before and has its effect, and a disposed file's views throw.
/// </summary>
public sealed class GeneratedLayoutTests : IDisposable
{
    private const long Base = 256;
    private readonly MappedFile _file = MappedFile.CreateAnonymous(4096);

    public void Dispose() => _file.Dispose();

    [Fact]
    public void StaticMembersDescribeTheLayout()
    {
        Assert.Equal(128, ServiceStats.Size);
        Assert.Equal(8, ServiceStats.Alignment);
        Assert.Equal(80, AllKinds.Size);
        Assert.Equal(8, Point.Size);
        Assert.Equal(4, Point.Alignment);
        Assert.Equal(48, Shape.Size);
        Assert.Equal(4, GlobalCounters.Size);
        // Entry declares its own Size, so IMappedLayout<Entry>.Size is implemented explicitly.
        Assert.Equal(16, SizeOf<Registry.Entry>());
        Assert.Equal(ServiceStats.LayoutHash, HashOf<ServiceStats>());
        Assert.NotEqual(ServiceStats.LayoutHash, AllKinds.LayoutHash);
    }

    [Fact]
    public void FieldsReadAndWriteTheBytesAtTheirOffsets()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        stats.State = 7;
        stats.LastLatencyMs = 1.5;

        Assert.Equal(7, stats.State);
        Assert.Equal(1.5, stats.LastLatencyMs);
        Assert.Equal(7, _file.ReadVolatileInt32(Base + 8));
        Assert.Equal(1.5, BitConverter.ToDouble(_file.ReadAt(Base + 16, 8)));
        Assert.True(GetView(stats).IsBound);
    }

    [Fact]
    public void EveryScalarTypeRoundTrips()
    {
        AllKinds kinds = _file.Bind<AllKinds>(Base);
        kinds.Enabled = true;
        kinds.Tiny = -5;
        kinds.Grade = 'Z';
        kinds.Ratio = 0.25f;
        kinds.Mean = -2.5;
        kinds.Health = Health.Down;
        kinds.Port = 8080;
        kinds.Small = 200;
        kinds.Big = ulong.MaxValue - 1;

        Assert.True(kinds.Enabled);
        Assert.Equal(-5, kinds.Tiny);
        Assert.Equal('Z', kinds.Grade);
        Assert.Equal(0.25f, kinds.Ratio);
        Assert.Equal(-2.5, kinds.Mean);
        Assert.Equal(Health.Down, kinds.Health);
        Assert.Equal(8080, kinds.Port);
        Assert.Equal(200, kinds.Small);
        Assert.Equal(ulong.MaxValue - 1, kinds.Big);

        byte[] raw = _file.ReadAt(Base, AllKinds.Size);
        Assert.Equal(1, raw[0]);
        Assert.Equal(unchecked((byte)-5), raw[1]);
        Assert.Equal('Z', BitConverter.ToChar(raw, 2));
        Assert.Equal(0.25f, BitConverter.ToSingle(raw, 4));
        Assert.Equal(-2.5, BitConverter.ToDouble(raw, 8));
        Assert.Equal(-1, BitConverter.ToInt16(raw, 16));
        Assert.Equal(8080, BitConverter.ToUInt16(raw, 18));
        Assert.Equal(200, raw[20]);
        Assert.Equal(ulong.MaxValue - 1, BitConverter.ToUInt64(raw, 24));

        kinds.Enabled = false;
        Assert.False(kinds.Enabled);
        Assert.Equal(0, _file.ReadAt(Base, 1)[0]);
    }

    [Fact]
    public void Int64CounterMethods() => CheckCounter(_file.Bind<ServiceStats>(Base), Base + 64, static s => s.Errors,
        s => s.GetAndIncrementErrors(), s => s.GetAndDecrementErrors(), (s, v) => s.GetAndAddErrors(v), (s, v) => s.ExchangeErrors(v),
        (s, v, c) => s.CompareExchangeErrors(v, c), (s, m) => s.GetAndAndErrors(m), (s, m) => s.GetAndOrErrors(m), (s, m) => s.GetAndXorErrors(m));

    [Fact]
    public void Int32CounterMethods() => CheckCounter(_file.Bind<AllKinds>(Base), Base + 32, static k => k.Int32Counter,
        k => k.GetAndIncrementInt32Counter(), k => k.GetAndDecrementInt32Counter(), (k, v) => k.GetAndAddInt32Counter(v), (k, v) => k.ExchangeInt32Counter(v),
        (k, v, c) => k.CompareExchangeInt32Counter(v, c), (k, m) => k.GetAndAndInt32Counter(m), (k, m) => k.GetAndOrInt32Counter(m), (k, m) => k.GetAndXorInt32Counter(m));

    [Fact]
    public void UInt32CounterMethods() => CheckCounter(_file.Bind<AllKinds>(Base), Base + 36, static k => k.UInt32Counter,
        k => k.GetAndIncrementUInt32Counter(), k => k.GetAndDecrementUInt32Counter(), (k, v) => k.GetAndAddUInt32Counter(v), (k, v) => k.ExchangeUInt32Counter(v),
        (k, v, c) => k.CompareExchangeUInt32Counter(v, c), (k, m) => k.GetAndAndUInt32Counter(m), (k, m) => k.GetAndOrUInt32Counter(m), (k, m) => k.GetAndXorUInt32Counter(m));

    [Fact]
    public void UInt64CounterMethods() => CheckCounter(_file.Bind<AllKinds>(Base), Base + 48, static k => k.UInt64Counter,
        k => k.GetAndIncrementUInt64Counter(), k => k.GetAndDecrementUInt64Counter(), (k, v) => k.GetAndAddUInt64Counter(v), (k, v) => k.ExchangeUInt64Counter(v),
        (k, v, c) => k.CompareExchangeUInt64Counter(v, c), (k, m) => k.GetAndAndUInt64Counter(m), (k, m) => k.GetAndOrUInt64Counter(m), (k, m) => k.GetAndXorUInt64Counter(m));

    [Fact]
    public void UnsignedCounterWrapsOnDecrementBelowZero()
    {
        AllKinds kinds = _file.Bind<AllKinds>(Base);
        Assert.Equal(0u, kinds.GetAndDecrementUInt32Counter());
        Assert.Equal(uint.MaxValue, kinds.UInt32Counter);
        Assert.Equal(uint.MaxValue, kinds.GetAndIncrementUInt32Counter());
        Assert.Equal(0u, kinds.UInt32Counter);
    }

    [Fact]
    public void CountersSeparatedByACacheLineAreIndependent()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        stats.GetAndAddRequests(5);
        stats.GetAndIncrementErrors();
        Assert.Equal(5, stats.Requests);
        Assert.Equal(1, stats.Errors);
        Assert.Equal(5, _file.ReadVolatileInt64(Base));
    }

    [Fact]
    public void ConcurrentIncrementsAreAtomic()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                stats.GetAndIncrementRequests();
            }
        });
        Assert.Equal(40_000, stats.Requests);
    }

    [Fact]
    public void NestedLayoutIsAViewAtItsOffset()
    {
        Shape shape = _file.Bind<Shape>(Base);
        Point origin = shape.Origin;
        origin.X = 3;
        origin.Y = -4;

        Assert.Equal(3, shape.Origin.X);
        Assert.Equal(-4, shape.Origin.Y);
        Assert.Equal(3, _file.ReadVolatileInt32(Base + 8));
        Assert.Equal(-4, _file.ReadVolatileInt32(Base + 12));
        Assert.Equal(0L, shape.GetAndIncrementVersion());
        Assert.Equal(1L, shape.Version);
    }

    [Fact]
    public void LayoutArrayPlacesElementsAtSizeStridesAndChecksItsIndex()
    {
        Shape shape = _file.Bind<Shape>(Base);
        LayoutArray<Point> corners = shape.Corners;
        Assert.Equal(4, corners.Length);
        for (int i = 0; i < corners.Length; i++)
        {
            Point corner = corners[i];
            corner.X = i;
            corner.Y = 10 * i;
        }

        for (int i = 0; i < corners.Length; i++)
        {
            Assert.Equal(i, _file.ReadVolatileInt32(Base + 16 + i * Point.Size));
            Assert.Equal(10 * i, shape.Corners[i].Y);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => corners[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => corners[-1]);
    }

    [Fact]
    public void MappedArraysOfPrimitivesEnumsAndBooleans()
    {
        AllKinds kinds = _file.Bind<AllKinds>(Base);
        MappedArray<int> samples = kinds.Samples;
        Assert.Equal(3, samples.Length);
        samples[0] = 1;
        samples[2] = -3;
        Assert.Equal(new[] { 1, 0, -3 }, kinds.Samples.ToArray());
        Assert.Equal(-3, _file.ReadVolatileInt32(Base + 56 + 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => samples[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => samples[-1] = 0);

        MappedArray<Health> history = kinds.HealthHistory;
        history[1] = Health.Down;
        Assert.Equal(new[] { Health.Unknown, Health.Down }, history.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => history[2]);

        MappedArray<bool> flags = kinds.Flags;
        flags[3] = true;
        Assert.Equal(new[] { false, false, false, true }, flags.ToArray());
        Assert.Equal(1, _file.ReadAt(Base + 72 + 3, 1)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => flags[4]);
    }

    [Fact]
    public void LayoutsNestedInATypeAndInTheGlobalNamespaceWork()
    {
        Registry.Entry entry = _file.Bind<Registry.Entry>(Base);
        entry.Size = 42;
        Assert.Equal(0u, entry.GetAndIncrementUses());
        Assert.Equal(42, _file.ReadVolatileInt64(Base));
        Assert.Equal(1u, _file.ReadVolatileUInt32(Base + 8));

        GlobalCounters global = _file.Bind<GlobalCounters>(Base + 64);
        Assert.Equal(0, global.GetAndAddHits(2));
        Assert.Equal(2, global.Hits);
    }

    [Fact]
    public void ACopyOfAViewSharesTheMemory()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        ServiceStats copy = stats;
        copy.State = 5;
        Assert.Equal(5, stats.State);
    }

    [Fact]
    public void AfterDisposeEveryMemberKindThrowsObjectDisposedException()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        Shape shape = _file.Bind<Shape>(Base + 128);
        AllKinds kinds = _file.Bind<AllKinds>(Base + 256);
        Point origin = shape.Origin;
        MappedArray<int> samples = kinds.Samples;
        LayoutArray<Point> corners = shape.Corners;
        _file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stats.State);
        Assert.Throws<ObjectDisposedException>(() => stats.State = 1);
        Assert.Throws<ObjectDisposedException>(() => stats.Requests);
        Assert.Throws<ObjectDisposedException>(() => stats.GetAndIncrementRequests());
        Assert.Throws<ObjectDisposedException>(() => stats.CompareExchangeErrors(1, 0));
        Assert.Throws<ObjectDisposedException>(() => kinds.Enabled);
        Assert.Throws<ObjectDisposedException>(() => shape.Origin);
        Assert.Throws<ObjectDisposedException>(() => origin.X);
        Assert.Throws<ObjectDisposedException>(() => shape.Corners);
        Assert.Throws<ObjectDisposedException>(() => corners[0]);
        Assert.Throws<ObjectDisposedException>(() => samples[0]);
    }

    [Fact]
    public void ADefaultLayoutIsNotBound()
    {
        // Like a default ImmutableArray<T>: the one check per access doubles as the null check.
        ServiceStats unbound = default;
        Assert.False(GetView(unbound).IsBound);
        Assert.Throws<NullReferenceException>(() => unbound.State);
        Assert.Throws<NullReferenceException>(() => unbound.GetAndIncrementRequests());
    }

    [Fact]
    public void AccessorsDoNotAllocate()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(Base);
        Shape shape = _file.Bind<Shape>(Base + 128);
        Exercise(stats, shape, 1000); // warm up (JIT tiers)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exercise(stats, shape, 1000);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());

        static void Exercise(ServiceStats stats, Shape shape, int count)
        {
            for (int i = 0; i < count; i++)
            {
                stats.State = i;
                stats.GetAndIncrementRequests();
                Point origin = shape.Origin;
                origin.X = stats.State;
                Point corner = shape.Corners[i % 4];
                corner.Y = i;
            }
        }
    }

    /// <summary>
    /// Runs every counter method in a sequence whose expected results differ at each step, checking
    /// each returns the value before the operation, and that the counter's memory holds the result.
    /// </summary>
    private void CheckCounter<TLayout, T>(TLayout layout, long position, Func<TLayout, T> read,
        Func<TLayout, T> increment, Func<TLayout, T> decrement, Func<TLayout, T, T> add, Func<TLayout, T, T> exchange,
        Func<TLayout, T, T, T> compareExchange, Func<TLayout, T, T> and, Func<TLayout, T, T> or, Func<TLayout, T, T> xor)
        where T : IBinaryInteger<T>
    {
        static T N(int value) => T.CreateChecked(value);

        Assert.Equal(N(0), read(layout));
        Assert.Equal(N(0), increment(layout));          // 1
        Assert.Equal(N(1), add(layout, N(10)));         // 11
        Assert.Equal(N(11), decrement(layout));         // 10
        Assert.Equal(N(10), exchange(layout, N(12)));   // 12
        Assert.Equal(N(12), compareExchange(layout, N(99), N(5)));  // no match: stays 12
        Assert.Equal(N(12), read(layout));
        Assert.Equal(N(12), compareExchange(layout, N(14), N(12))); // match: 14
        Assert.Equal(N(14), and(layout, N(0b0110)));    // 6
        Assert.Equal(N(6), or(layout, N(0b1001)));      // 15
        Assert.Equal(N(15), xor(layout, N(0b0101)));    // 10
        Assert.Equal(N(10), read(layout));

        long raw = typeof(T) == typeof(int) || typeof(T) == typeof(uint) ? _file.ReadVolatileInt32(position) : _file.ReadVolatileInt64(position);
        Assert.Equal(10, raw);
    }

    private static int SizeOf<T>() where T : struct, IMappedLayout<T> => T.Size;

    private static ulong HashOf<T>() where T : struct, IMappedLayout<T> => T.LayoutHash;

    private static MappedView GetView<T>(T layout) where T : struct, IMappedLayout<T> => layout.View;
}
