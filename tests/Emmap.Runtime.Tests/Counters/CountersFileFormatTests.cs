using System.Buffers.Binary;
using System.Text;

namespace Emmap.Runtime.Tests.Counters;

/// <summary>
/// The bytes of both counters formats (docs/file-formats.md, "Counters files"), and every way an
/// existing file can fail to match: each throws <see cref="MappedFormatException"/> naming what was
/// found and what was expected, and leaves the file byte for byte as it was.
/// </summary>
public sealed class CountersFileFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An emmap counters file built by hand from the format table.</summary>
    internal static byte[] EmmapFile(params long[] counters)
    {
        var bytes = new byte[16 + 8 * counters.Length];
        "EMMAP01\n"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)counters.Length);
        for (int i = 0; i < counters.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16 + 8 * i), counters[i]);
        }
        return bytes;
    }

    /// <summary>A padded counters file built by hand from the format table.</summary>
    internal static byte[] PaddedFile(params long[] counters)
    {
        var bytes = new byte[128 + 128 * counters.Length];
        "EMMAPPAD"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)counters.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 128);
        for (int i = 0; i < counters.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(128 + 128 * i), counters[i]);
        }
        return bytes;
    }

    private static readonly long[] Values = [1, -2, 0x0102030405060708, long.MinValue, 0];

    private static void SetValues(MappedCounters c)
    {
        for (int i = 0; i < Values.Length; i++)
        {
            c.Exchange(i, Values[i]);
        }
    }

    [Fact]
    public void TheEmmapFormatIsEmmapsByteForByte()
    {
        string path = _dir.File();
        using (var c = MappedCounters.Open(path, Values.Length))
        {
            SetValues(c);
        }
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(16 + 8 * 5, bytes.Length);
        Assert.Equal("EMMAP01\n", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(new byte[] { 5, 0, 0, 0, 0, 0, 0, 0 }, bytes[8..16]);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, bytes[16..24]);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, bytes[24..32]);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[32..40]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }, bytes[40..48]);
        Assert.Equal(new byte[8], bytes[48..56]);
        Assert.Equal(EmmapFile(Values), bytes);
    }

    [Fact]
    public void ThePaddedFormatPutsEachCounterInItsOwn128ByteSlot()
    {
        string path = _dir.File();
        using (var c = MappedCounters.Open(path, Values.Length, CountersFormat.Padded))
        {
            SetValues(c);
        }
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(128 * 6, bytes.Length);
        Assert.Equal("EMMAPPAD", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(128UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(PaddedFile(Values), bytes); // everything else, the rest of each slot included, is zero
    }

    /// <summary>
    /// Erlang emmap's <c>open_counters</c> accepts any header matching <c>&lt;&lt;"EMMAP", _, _, $\n, N:64/little&gt;&gt;</c>:
    /// the padded magic must not, or an Erlang node would read a padded file's slot size as counter 0.
    /// </summary>
    [Fact]
    public void ErlangEmmapWouldRejectThePaddedMagic()
    {
        static bool ErlangAccepts(ReadOnlySpan<byte> magic) => magic[..5].SequenceEqual("EMMAP"u8) && magic[7] == (byte)'\n';
        Assert.True(ErlangAccepts(CountersHeader.EmmapMagic));
        Assert.False(ErlangAccepts(CountersHeader.PaddedMagic));
    }

    [Fact]
    public void AHandBuiltEmmapFileOpensAndIsUpdatedInPlace()
    {
        string path = _dir.FileWith(EmmapFile(41, -7));
        using (var c = MappedCounters.Open(path, 2))
        {
            Assert.False(c.Created);
            Assert.Equal(CountersFormat.Emmap, c.Format);
            Assert.Equal(41, c.GetAndIncrement(0));
            Assert.Equal(-7, c.ReadVolatile(1));
        }
        Assert.Equal(EmmapFile(42, -7), File.ReadAllBytes(path));
        using (var c = MappedCounters.OpenExisting(path))
        {
            Assert.Equal(2, c.Count);
            Assert.Equal(42, c.ReadVolatile(0));
        }
    }

    [Fact]
    public void AHandBuiltPaddedFileOpensAndIsUpdatedInPlace()
    {
        string path = _dir.FileWith(PaddedFile(5, 6, 7));
        using (var c = MappedCounters.Open(path, 3, CountersFormat.Padded))
        {
            Assert.Equal(7, c.GetAndSubtract(2, 10));
            Assert.Equal(5, c.ReadVolatile(0));
        }
        Assert.Equal(PaddedFile(5, 6, -3), File.ReadAllBytes(path));
    }

    private static byte[] With(byte[] bytes, Action<byte[]> change)
    {
        change(bytes);
        return bytes;
    }

    /// <summary>A file, the count and format asked for, and words the message must contain.</summary>
    public static TheoryData<string, byte[], int, CountersFormat, string[]> Mismatches => new()
    {
        { "other count", EmmapFile(1, 2, 3), 2, CountersFormat.Emmap, ["counter count is 3, expected 2", "left as it is"] },
        { "other count, padded", PaddedFile(1, 2, 3), 4, CountersFormat.Padded, ["counter count is 3, expected 4"] },
        { "foreign magic", With(EmmapFile(1, 2), b => "EMMAP02\n"u8.CopyTo(b)), 2, CountersFormat.Emmap, ["magic", "\"EMMAP02\\n\"", "expected \"EMMAP01\\n\""] },
        { "binary magic", With(EmmapFile(1, 2), b => b[0] = 0x89), 2, CountersFormat.Emmap, ["\\x89MMAP01\\n"] },
        { "padded file asked as emmap", PaddedFile(1, 2), 2, CountersFormat.Emmap, ["format is Padded", "expected Emmap", "OpenExisting"] },
        { "emmap file asked as padded", EmmapFile(1, 2), 2, CountersFormat.Padded, ["format is Emmap", "expected Padded"] },
        { "truncated", EmmapFile(1, 2)[..^1], 2, CountersFormat.Emmap, ["file length is 31 bytes, expected 32 bytes for 2 counters"] },
        { "extended", [.. EmmapFile(1, 2), 0], 2, CountersFormat.Emmap, ["file length is 33 bytes, expected 32"] },
        { "padded truncated", PaddedFile(1, 2)[..200], 2, CountersFormat.Padded, ["file length is 200 bytes, expected 384"] },
        { "padded slot size", With(PaddedFile(1, 2), b => b[16] = 64), 2, CountersFormat.Padded, ["slot size", "is 64, expected 128"] },
        { "header only half there", EmmapFile(1)[..12], 1, CountersFormat.Emmap, ["file length is 12 bytes, expected at least 16"] },
        { "not a counters file", Encoding.ASCII.GetBytes("hello, this is a text file\n"), 1, CountersFormat.Emmap, ["\"hello, t\""] },
        { "empty", [], 1, CountersFormat.Emmap, ["file length is 0 bytes"] },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void AMismatchingFileThrowsNamingFoundAndExpectedAndIsLeftUntouched(string name, byte[] content, int count, CountersFormat format, string[] expectedInMessage)
    {
        string path = _dir.FileWith(content);
        var ex = Assert.Throws<MappedFormatException>(() => MappedCounters.Open(path, count, format));
        Assert.Contains(path, ex.Message);
        foreach (string words in expectedInMessage)
        {
            Assert.Contains(words, ex.Message);
        }
        Assert.Equal(path, ex.FilePath);
        Assert.NotNull(ex.Found);
        Assert.NotNull(ex.Expected);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir.Path)); // no temporary file left behind
        _ = name;
    }

    public static TheoryData<string, byte[], string> MalformedForOpenExisting => new()
    {
        { "count 0", EmmapFile(), "counter count is 0, expected 1 to 8388608" },
        { "count too large", With(EmmapFile(1), b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), ulong.MaxValue)), "counter count is 18446744073709551615" },
        { "truncated", EmmapFile(1, 2, 3)[..30], "file length is 30 bytes, expected 40" },
        { "foreign magic", Encoding.ASCII.GetBytes("PK\u0003\u0004 a zip file, not counters"), "expected \"EMMAP01\\n\" or \"EMMAPPAD\"" },
    };

    [Theory]
    [MemberData(nameof(MalformedForOpenExisting))]
    public void OpenExistingRejectsMalformedFilesAndLeavesThemUntouched(string name, byte[] content, string expectedInMessage)
    {
        string path = _dir.FileWith(content);
        foreach (MapAccess access in new[] { MapAccess.Read, MapAccess.ReadWrite })
        {
            var ex = Assert.Throws<MappedFormatException>(() => MappedCounters.OpenExisting(path, access));
            Assert.Contains(expectedInMessage, ex.Message);
        }
        Assert.Equal(content, File.ReadAllBytes(path));
        _ = name;
    }

    [Fact]
    public void OpenExistingFollowsTheFilesFormat()
    {
        string path = _dir.FileWith(PaddedFile(3, 4));
        using var c = MappedCounters.OpenExisting(path);
        Assert.Equal(CountersFormat.Padded, c.Format);
        Assert.Equal(2, c.Count);
        Assert.Equal(4, c.ReadVolatile(1));
    }

    [Fact]
    public void ANewFileIsCreatedWithTheRequestedModeAndNoTemporaryFileIsLeft()
    {
        string path = _dir.File();
        // 0640: group read survives any usual umask (022, 027, 002).
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        using (MappedCounters.Open(path, 1, CountersFormat.Emmap, mode))
        {
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(mode, File.GetUnixFileMode(path));
        }
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir.Path));
    }
}
