using System.Text;

namespace Emmap.Runtime.Tests;

public sealed class SequentialReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MappedFile OpenText(string text) => MappedFile.Open(_dir.FileWith(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void ReadAdvancesAndReturnsLessAtTheEnd()
    {
        using var file = OpenText("0123456789");
        Assert.Equal("0123", Encoding.ASCII.GetString(file.Read(4)));
        Assert.Equal(4, file.Position);
        Span<byte> buffer = stackalloc byte[10];
        Assert.Equal(6, file.Read(buffer));
        Assert.Equal("456789", Encoding.ASCII.GetString(buffer[..6]));
        Assert.Equal(0, file.Read(buffer));
        Assert.Empty(file.Read(3));
    }

    [Fact]
    public void ReadLineKeepsTheNewlineAndEndsWithNull()
    {
        using var file = OpenText("one\ntwo\n\nlast");
        Assert.Equal("one\n", Encoding.ASCII.GetString(file.ReadLine()!));
        Assert.Equal("two\n", Encoding.ASCII.GetString(file.ReadLine()!));
        Assert.Equal("\n", Encoding.ASCII.GetString(file.ReadLine()!));
        Assert.Equal("last", Encoding.ASCII.GetString(file.ReadLine()!));
        Assert.Null(file.ReadLine());
    }

    [Fact]
    public void SeekCountsLikeStreamSeek()
    {
        using var file = OpenText("0123456789");
        Assert.Equal(3, file.Seek(3, SeekOrigin.Begin));
        Assert.Equal(5, file.Seek(2, SeekOrigin.Current));
        Assert.Equal("5", Encoding.ASCII.GetString(file.Read(1)));
        Assert.Equal(8, file.Seek(-2, SeekOrigin.End));
        Assert.Equal("89", Encoding.ASCII.GetString(file.Read(5)));
        Assert.Equal(12, file.Seek(2, SeekOrigin.End)); // past the end is allowed; reads return nothing
        Assert.Empty(file.Read(1));
        Assert.Null(file.ReadLine());
        file.Position = 1;
        Assert.Equal("1", Encoding.ASCII.GetString(file.Read(1)));
    }

    [Fact]
    public void SeekBeforeTheBeginningThrowsAndKeepsThePosition()
    {
        using var file = OpenText("0123456789");
        file.Position = 4;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(-11, SeekOrigin.End));
        Assert.Contains("-11", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(-5, SeekOrigin.Current));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(long.MaxValue, SeekOrigin.End));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(0, (SeekOrigin)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Position = -1);
        Assert.Equal(4, file.Position);
    }

    [Fact]
    public void ReadDoesNotMoveThePositionOfAbsoluteReads()
    {
        using var file = OpenText("0123456789");
        file.ReadAt(5, 3);
        Assert.Equal(0, file.Position);
        file.WriteAt(0, "x"u8);
        Assert.Equal("x", Encoding.ASCII.GetString(file.Read(1)));
    }
}
