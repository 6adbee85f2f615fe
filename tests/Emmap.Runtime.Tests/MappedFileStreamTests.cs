using System.Text;

namespace Emmap.Runtime.Tests;

/// <summary>The stream contract of <see cref="MappedFile.AsStream"/>.</summary>
public sealed class MappedFileStreamTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CapabilitiesFollowTheMapping()
    {
        using var file = MappedFile.Open(_dir.Pattern(100));
        using Stream stream = file.AsStream();
        Assert.True(stream.CanRead);
        Assert.True(stream.CanWrite);
        Assert.True(stream.CanSeek);
        Assert.False(stream.CanTimeout);

        using var readOnly = MappedFile.Open(_dir.Pattern(100, "ro.bin"), new MapOptions { Access = MapAccess.Read });
        using Stream readStream = readOnly.AsStream();
        Assert.True(readStream.CanRead);
        Assert.False(readStream.CanWrite);
        Assert.Throws<NotSupportedException>(() => readStream.Write([1]));
    }

    [Fact]
    public void ReadsTheMappingToTheEnd()
    {
        using var file = MappedFile.Open(_dir.Pattern(1000));
        using Stream stream = file.AsStream();
        Assert.Equal(1000, stream.Length);
        var buffer = new byte[600];
        Assert.Equal(600, stream.Read(buffer, 0, 600));
        Assert.Equal(600, stream.Position);
        Assert.Equal(400, stream.Read(buffer, 0, 600));
        Assert.Equal(0, stream.Read(buffer, 0, 600));
        Assert.Equal(-1, stream.ReadByte());
        stream.Position = 3;
        Assert.Equal(3, stream.ReadByte());
        stream.Position = 5000; // past the end: reads return nothing
        Assert.Equal(0, stream.Read(buffer, 0, 10));
        Assert.Equal(-1, stream.ReadByte());
    }

    [Fact]
    public async Task CopyToAndCopyToAsyncCopyEverything()
    {
        using var file = MappedFile.Open(_dir.Pattern(70_000));
        using Stream stream = file.AsStream();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(TempDirectory.PatternBytes(70_000), copy.ToArray());
        stream.Position = 0;
        var asyncCopy = new MemoryStream();
        await stream.CopyToAsync(asyncCopy);
        Assert.Equal(TempDirectory.PatternBytes(70_000), asyncCopy.ToArray());
    }

    [Fact]
    public async Task WritesReachTheFileAndGrowIt()
    {
        string path = _dir.File();
        using (var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4 }))
        using (Stream stream = file.AsStream())
        {
            stream.Write("hello "u8);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("world"));
            stream.WriteByte((byte)'!');
            Assert.Equal(12, stream.Position);
            Assert.True(stream.Length >= 12);
            stream.Flush();
        }
        Assert.Equal("hello world!", Encoding.ASCII.GetString(File.ReadAllBytes(path)[..12]));
    }

    [Fact]
    public void WritePastTheEndOfAFixedSizeMappingIsNotSupportedAndChangesNothing()
    {
        string path = _dir.Pattern(10);
        using var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
        using Stream stream = file.AsStream();
        stream.Position = 8;
        Assert.Throws<NotSupportedException>(() => stream.Write([1, 2, 3]));
        Assert.Equal(8, stream.Position);
        Assert.Throws<NotSupportedException>(() => stream.SetLength(20));
        Assert.Equal(TempDirectory.PatternBytes(10), File.ReadAllBytes(path));
    }

    [Fact]
    public void SeekAndSetLength()
    {
        string path = _dir.Pattern(100);
        using var file = MappedFile.Open(path);
        using Stream stream = file.AsStream();
        Assert.Equal(90, stream.Seek(-10, SeekOrigin.End));
        Assert.Equal(95, stream.Seek(5, SeekOrigin.Current));
        Assert.Equal(7, stream.Seek(7, SeekOrigin.Begin));
        Assert.Throws<IOException>(() => stream.Seek(-8, SeekOrigin.Current));
        Assert.Equal(7, stream.Position);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Position = -1);
        stream.SetLength(200);
        Assert.Equal(200, stream.Length);
        Assert.Equal(200, new FileInfo(path).Length);
    }

    [Fact]
    public void StreamsHaveTheirOwnPositions()
    {
        using var file = MappedFile.Open(_dir.Pattern(100));
        using Stream a = file.AsStream();
        using Stream b = file.AsStream();
        a.Position = 50;
        Assert.Equal(0, b.Position);
        Assert.Equal(0, file.Position);
    }

    [Fact]
    public void DisposingTheStreamLeavesTheFileOpen()
    {
        using var file = MappedFile.Open(_dir.Pattern(100));
        Stream stream = file.AsStream();
        stream.Dispose();
        stream.Dispose();
        Assert.False(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => stream.Write([1]));
        Assert.Throws<ObjectDisposedException>(() => stream.Position);
        Assert.Throws<ObjectDisposedException>(() => stream.Length);
        Assert.Throws<ObjectDisposedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Equal(100, file.Length);
    }

    [Fact]
    public void DisposingTheFileEndsTheStream()
    {
        var file = MappedFile.Open(_dir.Pattern(100));
        using Stream stream = file.AsStream();
        file.Dispose();
        Assert.False(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => stream.Length);
    }
}
