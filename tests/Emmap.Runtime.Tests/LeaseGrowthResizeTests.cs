using System.Buffers;
using System.Text;

namespace Emmap.Runtime.Tests;

public sealed class LeaseGrowthResizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LeaseIsZeroCopyBothWays()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 4096 });
        using IMemoryOwner<byte> lease = file.Lease(100, 5);
        Assert.Equal(5, lease.Memory.Length);
        file.WriteAt(100, "test1"u8);
        Assert.Equal("test1", Encoding.ASCII.GetString(lease.Memory.Span));
        "abcde"u8.CopyTo(lease.Memory.Span);
        Assert.Equal("abcde", Encoding.ASCII.GetString(file.ReadAt(100, 5)));
    }

    [Fact]
    public void LeaseKeepsMemoryValidAfterDisposeAndSeesLaterWrites()
    {
        string path = _dir.File();
        var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096 });
        IMemoryOwner<byte> lease = file.Lease(0, 16);
        file.WriteAt(0, "before"u8);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadAt(0, 1));
        Assert.Equal("before", Encoding.ASCII.GetString(lease.Memory.Span[..6]));

        using (var other = MappedFile.Open(path))
        {
            other.WriteAt(0, "after!"u8);
        }
        Assert.Equal("after!", Encoding.ASCII.GetString(lease.Memory.Span[..6]));
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lease.Memory.Span.Length);
        lease.Dispose(); // idempotent
    }

    [Fact]
    public unsafe void PinnedLeaseMemoryStaysValidUntilTheHandleIsDisposed()
    {
        var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        IMemoryOwner<byte> lease = file.Lease(8, 8);
        file.WriteAt(8, [42]);
        using (MemoryHandle pin = lease.Memory.Pin())
        {
            lease.Dispose();
            file.Dispose();
            Assert.Equal(42, *(byte*)pin.Pointer);
        }
    }

    [Fact]
    public void LeaseChecksItsRange()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64 });
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(-1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(60, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(long.MaxValue, 1));
    }

    [Fact]
    public void WritePastTheEndGrowsByTheGrowthPolicy()
    {
        string path = _dir.File();
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, GrowthStep = 16384 });
        file.WriteAt(4096, [1]);
        Assert.Equal(8192, file.Length); // doubled
        file.WriteAt(20_000, [2]);
        Assert.Equal(32768, file.Length); // 8192 -> 16384 (the step) -> + 16384
        file.WriteAt(50_000, [3]);
        Assert.Equal(65536, file.Length); // + step, + step
        Assert.Equal(65536, new FileInfo(path).Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, new[] { file.ReadAt(4096, 1)[0], file.ReadAt(20_000, 1)[0], file.ReadAt(50_000, 1)[0] });
    }

    [Fact]
    public void GrowthKeepsALeaseOverTheOldMappingValid()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 4096 });
        using IMemoryOwner<byte> lease = file.Lease(0, 4096);
        TestLayout layout = file.Bind<TestLayout>(64);
        file.WriteAt(0, "old"u8);
        file.WriteAt(100_000, [7]); // grows: maps anew
        Assert.True(file.Length > 100_000);
        Assert.Equal("old", Encoding.ASCII.GetString(lease.Memory.Span[..3]));
        file.WriteAt(0, "new"u8); // through the new mapping
        Assert.Equal("new", Encoding.ASCII.GetString(lease.Memory.Span[..3]));
        "via"u8.CopyTo(lease.Memory.Span); // through the old mapping
        Assert.Equal("via", Encoding.ASCII.GetString(file.ReadAt(0, 3)));
        layout.IncrementCounter();
        Assert.Equal(1, file.ReadVolatileInt64(64));
    }

    [Fact]
    public void ConcurrentWritersGrowingTheFileLoseNoData()
    {
        using var file = MappedFile.Open(_dir.File(), new MapOptions { Create = true, Length = 64, GrowthStep = 4096 });
        Parallel.For(0, 4, t =>
        {
            for (int i = 0; i < 2000; i++)
            {
                file.WriteAt((i * 4L + t) * 8, BitConverter.GetBytes(i * 4L + t));
            }
        });
        for (long k = 0; k < 8000; k++)
        {
            Assert.Equal(k, file.ReadVolatileInt64(k * 8));
        }
    }

    [Fact]
    public void FixedSizeRefusesToGrow()
    {
        string path = _dir.Pattern(4096);
        using var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(4090, new byte[16]));
        Assert.Contains("Position 4090 + length 16 is past the end of the 4096-byte mapping", ex.Message);
        Assert.Throws<NotSupportedException>(() => file.Resize(8192));
        Assert.Equal(4096, file.Length);
        Assert.Equal(TempDirectory.PatternBytes(4096), File.ReadAllBytes(path));
    }

    [Fact]
    public void ResizeGrowsAndShrinksTheFile()
    {
        string path = _dir.Pattern(4096);
        using var file = MappedFile.Open(path);
        file.Resize(10_000);
        Assert.Equal(10_000, file.Length);
        Assert.Equal(10_000, new FileInfo(path).Length);
        Assert.Equal(TempDirectory.PatternBytes(4096), file.ReadAt(0, 4096));
        file.WriteAt(9_999, [5]);
        file.Resize(100);
        Assert.Equal(100, file.Length);
        Assert.Equal(TempDirectory.PatternBytes(100), File.ReadAllBytes(path));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Resize(0));
    }

    [Fact]
    public void ResizeRefusesToShrinkUnderALeaseOrView()
    {
        string path = _dir.Pattern(4096);
        using var file = MappedFile.Open(path);
        IMemoryOwner<byte> lease = file.Lease(0, 8);
        var ex = Assert.Throws<InvalidOperationException>(() => file.Resize(100));
        Assert.Contains("lease", ex.Message);
        lease.Dispose();
        file.Resize(2048);
        file.Bind<TestLayout>(0);
        Assert.Throws<InvalidOperationException>(() => file.Resize(1024));
        file.Resize(8192); // growing is always fine
        Assert.Equal(8192, new FileInfo(path).Length);
    }

    [Fact]
    public void ResizeOfAnAnonymousMappingIsNotSupported()
    {
        using var file = MappedFile.CreateAnonymous(4096);
        Assert.Throws<NotSupportedException>(() => file.Resize(8192));
    }

    [Fact]
    public async Task FlushWritesToTheFile()
    {
        string path = _dir.File();
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096 });
        file.WriteAt(0, "flushed"u8);
        file.Flush();
        await file.FlushAsync();
        Assert.Equal("flushed", Encoding.ASCII.GetString(File.ReadAllBytes(path)[..7]));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => file.FlushAsync(new CancellationToken(canceled: true)));
        using var anonymous = MappedFile.CreateAnonymous(64);
        anonymous.Flush();
    }
}
