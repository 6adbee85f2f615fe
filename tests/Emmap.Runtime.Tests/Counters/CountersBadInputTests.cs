namespace Emmap.Runtime.Tests.Counters;

/// <summary>Bad arguments throw before anything is touched, with a message naming the value and the limit.</summary>
public sealed class CountersBadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(MappedCounters.MaxCount + 1)]
    [InlineData(int.MaxValue)]
    public void ACountOutOfRangeThrowsAndCreatesNothing(int count)
    {
        string path = _dir.File();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MappedCounters.Open(path, count));
        Assert.Equal("count", ex.ParamName);
        Assert.Contains(count.ToString(), ex.Message);
        Assert.Contains(MappedCounters.MaxCount.ToString(), ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void ACountOutOfRangeLeavesAnExistingFileUnchanged()
    {
        string path = _dir.File();
        using (var c = MappedCounters.Open(path, 2))
        {
            c.GetAndAdd(1, 5);
        }
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedCounters.Open(path, 0));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnUndefinedFormatOrAccessThrowsAndCreatesNothing()
    {
        string path = _dir.File();
        Assert.Contains("42", Assert.Throws<ArgumentOutOfRangeException>(() => MappedCounters.Open(path, 1, (CountersFormat)42)).Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
        using (MappedCounters.Open(path, 1))
        {
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedCounters.OpenExisting(path, (MapAccess)42));
    }

    [Fact]
    public void AMissingPathIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => MappedCounters.Open(null!, 1));
        Assert.Throws<ArgumentException>(() => MappedCounters.Open("", 1));
        var ex = Assert.Throws<FileNotFoundException>(() => MappedCounters.OpenExisting(_dir.File("absent.bin")));
        Assert.Contains("absent.bin", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    public static TheoryData<CountersFormat, int> BadIndexes => new()
    {
        { CountersFormat.Emmap, -1 },
        { CountersFormat.Emmap, 3 },
        { CountersFormat.Emmap, int.MaxValue },
        { CountersFormat.Emmap, int.MinValue },
        { CountersFormat.Padded, -1 },
        { CountersFormat.Padded, 3 },
        { CountersFormat.Padded, int.MaxValue },
    };

    [Theory]
    [MemberData(nameof(BadIndexes))]
    public void AnIndexOutOfRangeThrowsNamingTheIndexAndTheCountAndChangesNothing(CountersFormat format, int index)
    {
        string path = _dir.File();
        using (var c = MappedCounters.Open(path, 3, format))
        {
            c.Exchange(2, 77);
        }
        byte[] before = File.ReadAllBytes(path);
        using (var c = MappedCounters.Open(path, 3, format))
        {
            foreach (Action call in new Action[]
            {
                () => c.ReadVolatile(index),
                () => c.GetAndIncrement(index),
                () => c.GetAndDecrement(index),
                () => c.Exchange(index, 1),
                () => c.CompareExchange(index, 1, 77),
                () => c.GetAndXor(index, 1),
            })
            {
                var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
                Assert.Equal("index", ex.ParamName);
                Assert.Contains($"index {index} is out of range", ex.Message);
                Assert.Contains("has 3 counters", ex.Message);
            }
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
