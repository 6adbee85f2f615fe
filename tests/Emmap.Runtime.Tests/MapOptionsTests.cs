using System.Text;

namespace Emmap.Runtime.Tests;

public sealed class MapOptionsTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DefaultsAreReadWriteSharedAnd0600()
    {
        var options = new MapOptions();
        Assert.Equal(MapAccess.ReadWrite, options.Access);
        Assert.Equal(MapSharing.Shared, options.Sharing);
        Assert.Equal(Mode0600, options.CreateMode);
        Assert.Equal(64L * 1024 * 1024, options.GrowthStep);
        Assert.False(options.Create || options.Truncate || options.Fit || options.DeleteOnClose || options.FixedSize || options.Populate);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CreatedFileHasMode0600ByDefault()
    {
        string path = _dir.File();
        using (MappedFile.Open(path, new MapOptions { Create = true, Length = 16 }))
        {
        }
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CreateModeIsApplied()
    {
        string path = _dir.File();
        using (MappedFile.Open(path, new MapOptions { Create = true, Length = 16, CreateMode = Mode0600 | UnixFileMode.GroupRead }))
        {
        }
        Assert.Equal(Mode0600 | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void ReadAccessReadsAndRefusesWrites()
    {
        string path = _dir.Pattern(64);
        using var file = MappedFile.Open(path, new MapOptions { Access = MapAccess.Read });
        Assert.False(file.CanWrite);
        Assert.Equal(TempDirectory.PatternBytes(64), file.ReadAt(0, 64));
        Assert.Equal(BitConverter.ToInt64(TempDirectory.PatternBytes(64), 8), file.ReadVolatileInt64(8));
        Assert.Equal(BitConverter.ToInt32(TempDirectory.PatternBytes(64), 4), file.ReadVolatileInt32(4));
        Assert.Throws<UnauthorizedAccessException>(() => file.WriteAt(0, [1]));
        Assert.Throws<UnauthorizedAccessException>(() => file.GetAndAddInt64(0, 1));
        Assert.Throws<UnauthorizedAccessException>(() => file.WriteVolatileInt32(0, 1));
        Assert.Throws<NotSupportedException>(() => file.Resize(128));
        Assert.Equal(TempDirectory.PatternBytes(64), File.ReadAllBytes(path));
    }

    [Fact]
    public void VolatileReadOnAReadOnlyMappingSeesOtherWriters()
    {
        string path = _dir.File();
        using var writer = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 });
        using var reader = MappedFile.Open(path, new MapOptions { Access = MapAccess.Read });
        writer.WriteVolatileInt64(8, 12345);
        Assert.Equal(12345, reader.ReadVolatileInt64(8));
        writer.GetAndAddInt64(8, 1);
        Assert.Equal(12346, reader.ReadVolatileInt64(8));
        writer.WriteVolatileUInt32(16, 7);
        Assert.Equal(7u, reader.ReadVolatileUInt32(16));
    }

    [Fact]
    public void PrivateMappingIsCopyOnWrite()
    {
        string path = _dir.Pattern(4096);
        using var shared = MappedFile.Open(path);
        using (var copy = MappedFile.Open(path, new MapOptions { Sharing = MapSharing.Private }))
        {
            Assert.True(copy.CanWrite);
            copy.WriteAt(0, "private"u8);
            copy.GetAndAddInt64(8, 1);
            Assert.Equal("private", Encoding.ASCII.GetString(copy.ReadAt(0, 7)));
            Assert.Equal(TempDirectory.PatternBytes(7), shared.ReadAt(0, 7));
            Assert.Throws<ArgumentOutOfRangeException>(() => copy.WriteAt(4095, [1, 2])); // a private mapping never grows
        }
        Assert.Equal(TempDirectory.PatternBytes(4096), File.ReadAllBytes(path));
    }

    [Fact]
    public void FitGrowsASmallFile()
    {
        string path = _dir.Pattern(10);
        using (var file = MappedFile.Open(path, new MapOptions { Length = 100, Fit = true }))
        {
            Assert.Equal(100, file.Length);
            Assert.Equal(TempDirectory.PatternBytes(10), file.ReadAt(0, 10));
            Assert.All(file.ReadAt(10, 90), b => Assert.Equal(0, b));
        }
        Assert.Equal(100, new FileInfo(path).Length);
    }

    [Fact]
    public void FitTakesALargerFilesSize()
    {
        string path = _dir.Pattern(300);
        using var file = MappedFile.Open(path, new MapOptions { Length = 100, Fit = true });
        Assert.Equal(300, file.Length);
        Assert.Equal(TempDirectory.PatternBytes(300), file.ReadAt(0, 300));
    }

    [Fact]
    public void WithoutFitALengthMapsAWindowOfALargerFile()
    {
        string path = _dir.Pattern(300);
        using var file = MappedFile.Open(path, new MapOptions { Length = 100 });
        Assert.Equal(100, file.Length);
        Assert.Equal(300, new FileInfo(path).Length);
    }

    [Fact]
    public void TruncateEmptiesTheFileFirst()
    {
        string path = _dir.Pattern(300);
        using (var file = MappedFile.Open(path, new MapOptions { Truncate = true, Length = 50 }))
        {
            Assert.Equal(50, file.Length);
            Assert.All(file.ReadAt(0, 50), b => Assert.Equal(0, b));
        }
        Assert.Equal(new byte[50], File.ReadAllBytes(path));
    }

    [Fact]
    public void OffsetMapsFromThatFilePosition()
    {
        byte[] pattern = TempDirectory.PatternBytes(10_000);
        string path = _dir.FileWith(pattern);
        using (var file = MappedFile.Open(path, new MapOptions { Offset = 5000, Length = 1000 }))
        {
            Assert.Equal(1000, file.Length);
            Assert.Equal(pattern[5000..6000], file.ReadAt(0, 1000));
            file.WriteAt(0, [0xAA]);
        }
        pattern[5000] = 0xAA;
        Assert.Equal(pattern, File.ReadAllBytes(path));
    }

    [Fact]
    public void OffsetWithoutLengthRunsToTheEndOfTheFile()
    {
        byte[] pattern = TempDirectory.PatternBytes(5000);
        using var file = MappedFile.Open(_dir.FileWith(pattern), new MapOptions { Offset = 4097 });
        Assert.Equal(903, file.Length);
        Assert.Equal(pattern[4097..], file.ReadAt(0, 903));
    }

    [Fact]
    public void AMisalignedOffsetMakesAtomicsAtPositionZeroMisaligned()
    {
        using var file = MappedFile.Open(_dir.Pattern(64), new MapOptions { Offset = 4 });
        var ex = Assert.Throws<ArgumentException>(() => file.GetAndAddInt64(0, 1));
        Assert.Contains("file offset 4", ex.Message);
        Assert.Equal(BitConverter.ToInt64(TempDirectory.PatternBytes(64), 8), file.GetAndAddInt64(4, 0));
    }

    [Fact]
    public void DeleteOnCloseDeletesAFileThisHandleCreated()
    {
        string path = _dir.File();
        var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 16, DeleteOnClose = true });
        Assert.True(File.Exists(path));
        file.Dispose();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void DeleteOnCloseKeepsAFileItDidNotCreate()
    {
        string path = _dir.Pattern(16);
        MappedFile.Open(path, new MapOptions { Create = true, Length = 16, DeleteOnClose = true }).Dispose();
        Assert.Equal(TempDirectory.PatternBytes(16), File.ReadAllBytes(path));
    }

    [Fact]
    public void PopulateMapsAndReads()
    {
        string path = _dir.Pattern(3 * 4096 + 5);
        using var file = MappedFile.Open(path, new MapOptions { Populate = true, Offset = 3 });
        Assert.Equal(TempDirectory.PatternBytes(3 * 4096 + 5)[3..], file.ReadAt(0, (int)file.Length));
    }

    [Fact]
    public void TwoHandlesCreatingOneFileAgreeOnWhoCreatedIt()
    {
        string path = _dir.File();
        var options = new MapOptions { Create = true, Length = 64 };
        using var first = MappedFile.Open(path, options);
        using var second = MappedFile.Open(path, options);
        Assert.True(first.Created);
        Assert.False(second.Created);
        first.WriteAt(0, [9]);
        Assert.Equal(9, second.ReadAt(0, 1)[0]);
    }
}
