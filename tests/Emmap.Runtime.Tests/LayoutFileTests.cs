using System.Buffers.Binary;
using System.Text;

namespace Emmap.Runtime.Tests;

public class LayoutFileTests
{
    private const int HeaderSize = 64;

    /// <summary>A layout-file header as docs/file-formats.md describes it, written independently of the runtime.</summary>
    private static byte[] Header(ulong hash = 0x1234, ulong layoutSize = 16, uint version = 1, uint headerSize = HeaderSize, string magic = "EMLAYOUT")
    {
        var header = new byte[HeaderSize];
        Encoding.ASCII.GetBytes(magic).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), headerSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), hash);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), layoutSize);
        return header;
    }

    private static byte[] Concat(byte[] header, int dataLength) => [.. header, .. new byte[dataLength]];

    [Fact]
    public void CreatesThenReopensWithTheDataKept()
    {
        using var dir = new TempDirectory();
        string path = dir.File("stats.layout");
        using (var created = LayoutFile<TestLayout>.Open(path))
        {
            Assert.True(created.Created);
            Assert.Equal(path, created.Path);
            TestLayout layout = created.Layout;
            Assert.Equal(0, layout.IncrementCounter());
            Assert.Equal(1, layout.IncrementCounter());
            layout.State = 7;
            created.Flush();
        }
        using var reopened = LayoutFile<TestLayout>.Open(path);
        Assert.False(reopened.Created);
        Assert.Equal(2, reopened.Layout.Counter);
        Assert.Equal(7, reopened.Layout.State);
    }

    [Fact]
    public void TheHeaderAndSchemaSlotsAreExactlyAsDocumentedAndTheDataFollowsThem()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        const int Slot = 1024; // TestLayout's schema (written by hand: its size alone) is 6 bytes; a slot is at least 1 KiB
        const int Data = 64 + 2 * Slot;
        using (var file = LayoutFile<TestLayout>.Open(path))
        {
            Assert.Equal(Data, file.DataOffset);
            Assert.Equal(Data + 16, file.File.Length);
            TestLayout layout = file.Layout;
            layout.IncrementCounter();
            layout.State = 0x0A0B0C0D;
        }
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(Data + 16, bytes.Length);
        Assert.Equal(HeaderV2(Slot), bytes[..64]);

        byte[] schema = [16, 0, 0, 0, 0, 0]; // size 16, no members
        Assert.Equal(schema, LayoutSchema.Of<TestLayout>().ToBytes());
        byte[] record = [.. "EMSCHEMA"u8, .. new byte[8], .. BitConverter.GetBytes(0x1234UL), 6, 0, 0, 0, 0, 0, 0, 0, .. new byte[8], .. schema];
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), Fnv1a([.. record[..32], .. schema]));
        Assert.Equal(record, bytes[64..(64 + record.Length)]);
        Assert.Equal(new byte[Slot - record.Length], bytes[(64 + record.Length)..(64 + Slot)]);
        Assert.Equal(new byte[Slot], bytes[(64 + Slot)..Data]);
        Assert.Equal(1L, BitConverter.ToInt64(bytes, Data));
        Assert.Equal(0x0A0B0C0D, BitConverter.ToInt32(bytes, Data + 8));
    }

    private static byte[] HeaderV2(int slotSize, ulong generation = 0)
    {
        var header = new byte[HeaderSize];
        "EMLAYOUT"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)(64 + 2 * slotSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)slotSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), generation);
        return header;
    }

    /// <summary>FNV-1a 64, written out here rather than taken from the code under test.</summary>
    private static ulong Fnv1a(byte[] bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }
        return hash;
    }

    [Fact]
    public void ANewFileIsZeroBehindItsHeaderAndHasMode0600()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var file = LayoutFile<TestLayout>.Open(path))
        {
            Assert.Equal(0, file.Layout.Counter);
            Assert.Equal(0, file.Layout.State);
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal(new[] { "map.bin" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheCreateModeOptionSetsTheNewFilesPermissions()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        LayoutFile<TestLayout>.Open(path, new LayoutFileOptions { CreateMode = mode }).Dispose();
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AHeaderWithALargerHeaderSizeHasItsDataThere()
    {
        using var dir = new TempDirectory();
        byte[] bytes = Concat(Header(headerSize: 128), 64 + 16);
        bytes[128] = 42;
        string path = dir.FileWith(bytes);
        using var file = LayoutFile<TestLayout>.Open(path);
        Assert.False(file.Created);
        Assert.Equal(128, file.DataOffset);
        Assert.Equal(42, file.Layout.Counter);
    }

    [Fact]
    public void ALongerVersion1FileThanTheLayoutNeedsOpens()
    {
        using var dir = new TempDirectory();
        string path = dir.FileWith(Concat(Header(), 4096));
        using var file = LayoutFile<TestLayout>.Open(path);
        Assert.Equal(64, file.DataOffset);
    }

    [Fact]
    public void AFileOfAnotherSizeAndHashThrowsNamingBothAndIsLeftUntouched()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var file = LayoutFile<TestLayout>.Open(path))
        {
            file.Layout.IncrementCounter();
        }
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<TestLayoutV2>.Open(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(0xFEDC_BA98_7654_3210UL, e.ExpectedHash);
        Assert.Equal(24, e.ExpectedSize);
        Assert.Equal(0x1234UL, e.FoundHash);
        Assert.Equal(16, e.FoundSize);
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("hash 0x0000000000001234 and size 16 bytes", e.Message);
        Assert.Contains("hash 0xFEDCBA9876543210 and size 24 bytes", e.Message);
        Assert.Contains(nameof(TestLayoutV2), e.Message);
        Assert.IsAssignableFrom<MappedFormatException>(e);
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Fact]
    public void AFileOfTheSameSizeButAnotherHashThrowsNamingBoth()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        LayoutFile<TestLayout>.Open(path).Dispose();
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<TestLayoutRenamed>.Open(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal((0x4321UL, 16L, 0x1234UL, 16L), (e.ExpectedHash, e.ExpectedSize, e.FoundHash, e.FoundSize));
        Assert.Contains("hash 0x0000000000001234 and size 16 bytes", e.Message);
        Assert.Contains("hash 0x0000000000004321 and size 16 bytes", e.Message);
    }

    [Fact]
    public void AMismatchIsReportedToReadOnlyOpenersToo()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        LayoutFile<TestLayout>.Open(path).Dispose();
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<LayoutMismatchException>(() => LayoutFile<TestLayoutV2>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    public static TheoryData<string, byte[], string> CorruptFiles() => new()
    {
        { "empty", [], "the file length is 0 bytes, expected at least 64 bytes" },
        { "shorter than a header", "EMLAYOUT"u8.ToArray(), "the file length is 8 bytes, expected at least 64 bytes" },
        { "63 bytes", Header()[..63], "the file length is 63 bytes" },
        { "foreign text", Encoding.ASCII.GetBytes(new string('x', 100)), "the magic is \"xxxxxxxx\", expected \"EMLAYOUT\"" },
        { "counters file", Concat(Header(magic: "EMMAP01\n"), 16), "the magic is 0x454D4D41503031" },
        { "version 3", Concat(Header(version: 3), 16), "the format version is 3, expected 1 or 2" },
        { "version 0", Concat(Header(version: 0), 16), "the format version is 0, expected 1" },
        { "header size 0", Concat(Header(headerSize: 0), 16), "the header size is 0 bytes, expected a multiple of 64 of at least 64 bytes" },
        { "header size 32", Concat(Header(headerSize: 32), 16), "the header size is 32 bytes" },
        { "header size 96", Concat(Header(headerSize: 96), 64), "the header size is 96 bytes" },
        { "header size past 4 GiB mark", Concat(Header(headerSize: uint.MaxValue), 16), "the header size is 4294967295 bytes" },
        { "layout size overflows", Concat(Header(layoutSize: ulong.MaxValue), 16), "the header size + layout size is 64 + 18446744073709551615 bytes" },
        { "header + layout overflows long", Concat(Header(layoutSize: (ulong)long.MaxValue - 63, headerSize: 128), 80), "the header size + layout size is 128 + 9223372036854775744 bytes" },
        { "truncated data", Concat(Header(), 15), "the file length is 79 bytes, expected at least 80 bytes (header size 64 + layout size 16" },
        { "header only", Header(), "the file length is 64 bytes, expected at least 80 bytes" },
        { "data behind a larger header missing", Concat(Header(headerSize: 128), 16), "the file length is 80 bytes, expected at least 144 bytes" },
        { "huge claimed layout", Concat(Header(layoutSize: 1L << 40), 16), "expected at least 1099511627840 bytes" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void ACorruptOrForeignFileThrowsAClearFormatErrorAndIsLeftUntouched(string name, byte[] content, string expectedMessage)
    {
        using var dir = new TempDirectory();
        string path = dir.FileWith(content);

        foreach (MapAccess access in new[] { MapAccess.ReadWrite, MapAccess.Read })
        {
            var e = Assert.Throws<MappedFormatException>(() => LayoutFile<TestLayout>.Open(path, new LayoutFileOptions { Access = access }));
            Assert.True(e.Message.Contains(expectedMessage, StringComparison.Ordinal), $"{name}: '{e.Message}' lacks '{expectedMessage}'");
            Assert.Contains(path, e.Message);
            Assert.Equal(path, e.FilePath);
        }
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(new[] { "map.bin" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ReadOnlyNeverCreatesAndSeesTheWritersValues()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        var readOnly = new LayoutFileOptions { Access = MapAccess.Read };
        Assert.Throws<FileNotFoundException>(() => LayoutFile<TestLayout>.Open(path, readOnly));
        Assert.False(File.Exists(path));

        using var writer = LayoutFile<TestLayout>.Open(path);
        using var reader = LayoutFile<TestLayout>.Open(path, readOnly);
        Assert.False(reader.Created);
        Assert.False(reader.File.CanWrite);
        TestLayout written = writer.Layout;
        written.IncrementCounter();
        written.State = 5;
        Assert.Equal(1, reader.Layout.Counter);
        Assert.Equal(5, reader.Layout.State);
    }

    [Fact]
    public void WithoutCreateIfMissingAMissingFileIsNotFound()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        var e = Assert.Throws<FileNotFoundException>(() => LayoutFile<TestLayout>.Open(path, new LayoutFileOptions { CreateIfMissing = false }));
        Assert.Equal(path, e.FileName);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void RacingCreatorsInOneProcessAllOpenTheOneFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("race.layout");
        for (int round = 0; round < 20; round++)
        {
            File.Delete(path);
            var files = new LayoutFile<TestLayout>[8];
            Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = files.Length }, i =>
            {
                files[i] = LayoutFile<TestLayout>.Open(path);
                files[i].Layout.IncrementCounter();
            });
            try
            {
                Assert.Single(files, f => f.Created);
                Assert.All(files, f => Assert.Equal(files.Length, f.Layout.Counter));
                Assert.Equal(HeaderV2(1024), File.ReadAllBytes(path)[..64]);
            }
            finally
            {
                foreach (var f in files)
                {
                    f.Dispose();
                }
            }
        }
        Assert.Equal(new[] { "race.layout" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AfterDisposeEveryMemberAndTheLayoutThrow()
    {
        using var dir = new TempDirectory();
        var file = LayoutFile<TestLayout>.Open(dir.File());
        TestLayout layout = file.Layout;
        MappedFile mapped = file.File;
        file.Dispose();
        file.Dispose();

        Assert.True(file.IsDisposed);
        Assert.True(mapped.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => file.Layout);
        Assert.Throws<ObjectDisposedException>(() => file.File);
        Assert.Throws<ObjectDisposedException>(() => file.Path);
        Assert.Throws<ObjectDisposedException>(() => file.Created);
        Assert.Throws<ObjectDisposedException>(() => file.DataOffset);
        Assert.Throws<ObjectDisposedException>(file.Flush);
        Assert.Throws<ObjectDisposedException>(() => layout.Counter);
        Assert.Throws<ObjectDisposedException>(() => layout.IncrementCounter());
        Assert.Throws<ObjectDisposedException>(() => layout.State = 1);
    }

    [Fact]
    public void BadArgumentsThrowNamingTheValue()
    {
        Assert.Throws<ArgumentNullException>(() => LayoutFile<TestLayout>.Open(null!));
        Assert.Throws<ArgumentException>(() => LayoutFile<TestLayout>.Open(""));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LayoutFile<TestLayout>.Open("x", new LayoutFileOptions { Access = (MapAccess)7 }));
        Assert.Contains("7", e.Message);
    }

    [Fact]
    public void ADirectoryThatDoesNotExistIsNotCreated()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "missing", "x.layout");
        Assert.Throws<DirectoryNotFoundException>(() => LayoutFile<TestLayout>.Open(path));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "missing")));
    }
}
