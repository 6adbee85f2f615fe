namespace Emmap.Runtime.Tests.Counters;

/// <summary>What each counter operation returns and does, in one process.</summary>
public sealed class MappedCountersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<CountersFormat> Formats => new() { CountersFormat.Emmap, CountersFormat.Padded };

    /// <summary>The seed's example (emmap README, "Atomic persistent counters"), in C#.</summary>
    internal static string SeedExample(string path, CountersFormat format = CountersFormat.Emmap)
    {
        using var f = MappedCounters.Open(path, 2, format);
        long n1 = f.GetAndIncrement(0);
        long n2 = f.GetAndAdd(0, 5);
        long n3 = f.GetAndIncrement(0);
        long n4 = f.GetAndAdd(0, 2);
        long n5 = f.Exchange(0, 15);
        long n6 = f.ReadVolatile(0);
        return $"N1={n1}, N2={n2}, N3={n3}, N4={n4}, N5={n5}, N6={n6}";
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void TheSeedExamplePrintsWhatEmmapPrints(CountersFormat format)
    {
        Assert.Equal("N1=0, N2=1, N3=6, N4=7, N5=9, N6=15", SeedExample(_dir.File("mem.bin"), format));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryReadModifyWriteReturnsThePreviousValue(CountersFormat format)
    {
        using var c = MappedCounters.Open(_dir.File(), 3, format);
        Assert.Equal(0, c.GetAndIncrement(1));
        Assert.Equal(1, c.GetAndAdd(1, 10));
        Assert.Equal(11, c.GetAndDecrement(1));
        Assert.Equal(10, c.GetAndSubtract(1, 4));
        Assert.Equal(6, c.GetAndAdd(1, -6));
        Assert.Equal(0, c.Exchange(1, 42));
        Assert.Equal(42, c.CompareExchange(1, 7, comparand: 41)); // no match: unchanged
        Assert.Equal(42, c.ReadVolatile(1));
        Assert.Equal(42, c.CompareExchange(1, 7, comparand: 42)); // match: set
        Assert.Equal(7, c.ReadVolatile(1));
        Assert.Equal(7, c.GetAndOr(1, 0b1000)); // 0b0111 -> 0b1111
        Assert.Equal(15, c.GetAndAnd(1, 0b1100));
        Assert.Equal(12, c.GetAndXor(1, 0b0100));
        c.WriteVolatile(2, 5);
        Assert.Equal(5, c.GetAndIncrement(2));
        Assert.Equal(6, c.GetAndDecrement(2));
        Assert.Equal(5, c.ReadVolatile(2));
        c.WriteVolatile(2, 0);
        Assert.Equal(8, c.ReadVolatile(1));
        Assert.Equal(0, c.ReadVolatile(0)); // the neighbours were never touched
        Assert.Equal(0, c.ReadVolatile(2));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void CountersWrapLikeInterlockedAdd(CountersFormat format)
    {
        using var c = MappedCounters.Open(_dir.File(), 1, format);
        c.Exchange(0, long.MaxValue);
        Assert.Equal(long.MaxValue, c.GetAndIncrement(0));
        Assert.Equal(long.MinValue, c.GetAndDecrement(0));
        Assert.Equal(long.MaxValue, c.ReadVolatile(0));
        Assert.Equal(long.MaxValue, c.GetAndSubtract(0, long.MinValue)); // subtracting MinValue adds 2^63
        Assert.Equal(-1, c.ReadVolatile(0));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void ValuesSurviveClosingAndReopening(CountersFormat format)
    {
        string path = _dir.File();
        using (var c = MappedCounters.Open(path, 4, format))
        {
            Assert.True(c.Created);
            Assert.Equal(4, c.Count);
            Assert.Equal(format, c.Format);
            Assert.Equal(path, c.Path);
            Assert.True(c.CanWrite);
            for (int i = 0; i < 4; i++)
            {
                c.GetAndAdd(i, 100 + i);
            }
            c.Flush();
        }
        using (var again = MappedCounters.Open(path, 4, format))
        {
            Assert.False(again.Created);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(100 + i, again.ReadVolatile(i));
            }
        }
        using (var existing = MappedCounters.OpenExisting(path))
        {
            Assert.Equal(4, existing.Count);
            Assert.Equal(format, existing.Format);
            Assert.Equal(103, existing.ReadVolatile(3));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void TwoHandlesOnOneFileShareTheCounters(CountersFormat format)
    {
        string path = _dir.File();
        using var a = MappedCounters.Open(path, 2, format);
        using var b = MappedCounters.Open(path, 2, format);
        a.GetAndAdd(1, 5);
        Assert.Equal(5, b.GetAndIncrement(1));
        Assert.Equal(6, a.ReadVolatile(1));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AReadOnlyHandleSeesChangesAndRefusesWrites(CountersFormat format)
    {
        string path = _dir.File();
        using var writer = MappedCounters.Open(path, 2, format);
        using var reader = MappedCounters.OpenExisting(path, MapAccess.Read);
        Assert.False(reader.CanWrite);
        writer.GetAndAdd(1, 9);
        Assert.Equal(9, reader.ReadVolatile(1));
        byte[] before = File.ReadAllBytes(path);
        Assert.Contains("read-only", Assert.Throws<UnauthorizedAccessException>(() => reader.GetAndIncrement(1)).Message);
        Assert.Throws<UnauthorizedAccessException>(() => reader.GetAndDecrement(0));
        Assert.Throws<UnauthorizedAccessException>(() => reader.Exchange(0, 1));
        Assert.Throws<UnauthorizedAccessException>(() => reader.CompareExchange(0, 1, 0));
        Assert.Throws<UnauthorizedAccessException>(() => reader.GetAndXor(0, 1));
        Assert.Equal(before, File.ReadAllBytes(path));
        writer.GetAndIncrement(1);
        Assert.Equal(10, reader.ReadVolatile(1));
    }

    [Fact]
    public void AfterDisposeEveryMemberThrowsObjectDisposedException()
    {
        string path = _dir.File();
        var c = MappedCounters.Open(path, 2);
        c.GetAndAdd(0, 3);
        c.Dispose();
        c.Dispose(); // idempotent
        Assert.True(c.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => c.ReadVolatile(0));
        Assert.Throws<ObjectDisposedException>(() => c.GetAndIncrement(0));
        Assert.Throws<ObjectDisposedException>(() => c.GetAndDecrement(0));
        Assert.Throws<ObjectDisposedException>(() => c.Exchange(0, 1));
        Assert.Throws<ObjectDisposedException>(() => c.CompareExchange(0, 1, 0));
        Assert.Throws<ObjectDisposedException>(() => c.GetAndXor(0, 1));
        Assert.Throws<ObjectDisposedException>(() => c.ReadVolatile(99)); // disposal wins over a bad index
        Assert.Throws<ObjectDisposedException>(() => c.Count);
        Assert.Throws<ObjectDisposedException>(() => c.Format);
        Assert.Throws<ObjectDisposedException>(() => c.Path);
        Assert.Throws<ObjectDisposedException>(() => c.Created);
        Assert.Throws<ObjectDisposedException>(() => c.CanWrite);
        Assert.Throws<ObjectDisposedException>(c.Flush);
        using var again = MappedCounters.Open(path, 2); // the value stayed in the file
        Assert.Equal(3, again.ReadVolatile(0));
    }
}
