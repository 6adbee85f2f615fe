using System.Text;

namespace Emmap.Runtime.Tests;

public sealed class MappedFileBasicsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CreateWritesAndReadsBack()
    {
        string path = _dir.File();
        using (var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096 }))
        {
            Assert.True(file.Created);
            Assert.Equal(4096, file.Length);
            Assert.True(file.CanWrite);
            Assert.Equal(path, file.Path);
            file.WriteAt(100, "hello"u8);
            Assert.Equal("hello", Encoding.ASCII.GetString(file.ReadAt(100, 5)));
            Span<byte> buffer = stackalloc byte[5];
            file.ReadAt(100, buffer);
            Assert.Equal("hello"u8.ToArray(), buffer.ToArray());
        }
        byte[] onDisk = File.ReadAllBytes(path);
        Assert.Equal(4096, onDisk.Length);
        Assert.Equal("hello"u8.ToArray(), onDisk[100..105]);
    }

    [Fact]
    public void OpenExistingMapsTheWholeFile()
    {
        string path = _dir.Pattern(1000);
        using var file = MappedFile.Open(path);
        Assert.False(file.Created);
        Assert.Equal(1000, file.Length);
        Assert.Equal(TempDirectory.PatternBytes(1000), file.ReadAt(0, 1000));
        file.ReadAt(1000, Span<byte>.Empty); // an empty read at the end is in range
    }

    [Fact]
    public void CreateOnAnExistingFileOpensIt()
    {
        string path = _dir.Pattern(64);
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 });
        Assert.False(file.Created);
        Assert.Equal(TempDirectory.PatternBytes(64), file.ReadAt(0, 64));
    }

    [Fact]
    public void AnonymousMappingIsZeroedAndWritable()
    {
        using var file = MappedFile.CreateAnonymous(8192);
        Assert.Null(file.Path);
        Assert.Equal(8192, file.Length);
        Assert.All(file.ReadAt(0, 8192), b => Assert.Equal(0, b));
        file.WriteAt(8190, [1, 2]);
        Assert.Equal(new byte[] { 1, 2 }, file.ReadAt(8190, 2));
        Assert.Equal(0, file.GetAndAddInt64(8, 5));
        Assert.Equal(5, file.ReadVolatileInt64(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(8191, [1, 2]));
    }

    [Fact]
    public void AtomicsReturnThePreviousValue()
    {
        using var file = MappedFile.CreateAnonymous(64);

        Assert.Equal(0, file.GetAndAddInt32(0, 5));
        Assert.Equal(5, file.GetAndSubtractInt32(0, 2));
        Assert.Equal(3, file.GetAndOrInt32(0, 0b1100));
        Assert.Equal(0b1111, file.GetAndAndInt32(0, 0b0110));
        Assert.Equal(0b0110, file.GetAndXorInt32(0, 0b0011));
        Assert.Equal(0b0101, file.ExchangeInt32(0, 42));
        Assert.Equal(42, file.CompareExchangeInt32(0, 7, 41)); // no match: unchanged
        Assert.Equal(42, file.CompareExchangeInt32(0, 7, 42));
        Assert.Equal(7, file.ReadVolatileInt32(0));
        file.WriteVolatileInt32(0, -1);
        Assert.Equal(-1, file.ReadVolatileInt32(0));

        Assert.Equal(0L, file.GetAndAddInt64(8, long.MaxValue));
        Assert.Equal(long.MaxValue, file.GetAndAddInt64(8, 1)); // wraps
        Assert.Equal(long.MinValue, file.GetAndSubtractInt64(8, 1));
        Assert.Equal(long.MaxValue, file.GetAndAndInt64(8, 0xFF));
        Assert.Equal(0xFFL, file.GetAndOrInt64(8, 0x100));
        Assert.Equal(0x1FFL, file.GetAndXorInt64(8, 0x1));
        Assert.Equal(0x1FEL, file.ExchangeInt64(8, 10));
        Assert.Equal(10L, file.CompareExchangeInt64(8, 11, 10));
        file.WriteVolatileInt64(8, 99);
        Assert.Equal(99L, file.ReadVolatileInt64(8));

        Assert.Equal(0u, file.GetAndSubtractUInt32(16, 1)); // wraps
        Assert.Equal(uint.MaxValue, file.GetAndAddUInt32(16, 2));
        Assert.Equal(1u, file.GetAndOrUInt32(16, 0x80000000));
        Assert.Equal(0x80000001u, file.GetAndAndUInt32(16, 0x80000000));
        Assert.Equal(0x80000000u, file.GetAndXorUInt32(16, 0xFFFFFFFF));
        Assert.Equal(0x7FFFFFFFu, file.ExchangeUInt32(16, 3));
        Assert.Equal(3u, file.CompareExchangeUInt32(16, 4, 3));
        file.WriteVolatileUInt32(16, uint.MaxValue);
        Assert.Equal(uint.MaxValue, file.ReadVolatileUInt32(16));

        Assert.Equal(0ul, file.GetAndSubtractUInt64(24, 1));
        Assert.Equal(ulong.MaxValue, file.GetAndAddUInt64(24, 3));
        Assert.Equal(2ul, file.GetAndOrUInt64(24, 1));
        Assert.Equal(3ul, file.GetAndAndUInt64(24, 1));
        Assert.Equal(1ul, file.GetAndXorUInt64(24, ulong.MaxValue));
        Assert.Equal(ulong.MaxValue - 1, file.ExchangeUInt64(24, 8));
        Assert.Equal(8ul, file.CompareExchangeUInt64(24, 9, 8));
        file.WriteVolatileUInt64(24, ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, file.ReadVolatileUInt64(24));
    }

    [Fact]
    public void AtomicsFromManyThreadsLoseNoUpdate()
    {
        using var file = MappedFile.CreateAnonymous(64);
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 50_000; i++)
            {
                file.GetAndAddInt64(0, 1);
                file.GetAndAddInt32(8, 1);
            }
        });
        Assert.Equal(200_000, file.ReadVolatileInt64(0));
        Assert.Equal(200_000, file.ReadVolatileInt32(8));
    }

    [Fact]
    public void AtomicsAreSeenInTheFile()
    {
        string path = _dir.File();
        using (var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 16 }))
        {
            file.GetAndAddInt64(8, 0x0102030405060708);
        }
        Assert.Equal(0x0102030405060708, BitConverter.ToInt64(File.ReadAllBytes(path), 8));
    }

    [Fact]
    public void BindReturnsAViewOverTheMapping()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        TestLayout layout = file.Bind<TestLayout>(16);
        Assert.Equal(0, layout.IncrementCounter());
        Assert.Equal(1, layout.IncrementCounter());
        layout.State = 7;
        Assert.Equal(2, file.ReadVolatileInt64(16));
        Assert.Equal(7, file.ReadVolatileInt32(24));
        Assert.Equal(48, file.Bind<TestLayout>(48).Counter + 48); // the last offset that fits
    }

    [Fact]
    public void BindChecksRangeAndAlignment()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => file.Bind<TestLayout>(-8));
        Assert.Contains("-8", negative.Message);
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => file.Bind<TestLayout>(56));
        Assert.Contains("56", past.Message);
        Assert.Contains("64-byte", past.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Bind<TestLayout>(long.MaxValue));
        var misaligned = Assert.Throws<ArgumentException>(() => file.Bind<TestLayout>(4));
        Assert.Contains("Offset 4", misaligned.Message);
        Assert.Contains("multiple of 8", misaligned.Message);
    }

    [Fact]
    public void ViewsThrowAfterTheFileIsDisposedAndStayMapped()
    {
        var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        TestLayout layout = file.Bind<TestLayout>(0);
        layout.IncrementCounter();
        file.Dispose();
        Assert.False(layout.View.IsOpen);
        Assert.Throws<ObjectDisposedException>(() => layout.Counter);
    }

    [Fact]
    public void DisposeIsIdempotent()
    {
        var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        Assert.False(file.IsDisposed);
        file.Dispose();
        file.Dispose();
        Assert.True(file.IsDisposed);
    }
}
