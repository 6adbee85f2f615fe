using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>Bad input to a broadcast <see cref="MappedRing"/>: each throws naming the value and the limit, and leaves the file as it was.</summary>
public sealed class BroadcastRingBadInputTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    [InlineData(int.MaxValue)]
    public void AReaderCountOutOfRangeIsRefused(int readers)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MappedRing.Open(dir.File(), new MappedRingOptions { MaxReaders = readers }));
        Assert.Contains(readers.ToString(), e.Message);
        Assert.Contains("64", e.Message);
        Assert.Contains("MaxReaders", e.Message);
        Assert.False(File.Exists(dir.File()));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedRing.CreateAnonymous(new MappedRingOptions { MaxReaders = readers }));
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(4, 0)]
    [InlineData(0, 3)]
    public void AnotherReaderCountIsRefusedNamingBoth(int created, int asked)
    {
        using var dir = new TempDirectory();
        using (MappedRing.Open(dir.File(), new MappedRingOptions { Capacity = 4096, MaxReaders = created }))
        {
        }
        byte[] before = File.ReadAllBytes(dir.File());
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(dir.File(), new MappedRingOptions { MaxReaders = asked }));
        Assert.Contains("reader slots", e.Message);
        Assert.Contains($"is {created}", e.Message);
        Assert.Contains($"expected {asked}", e.Message);
        Assert.Equal(before, File.ReadAllBytes(dir.File()));
    }

    [Fact]
    public void AFileOfEachModeHasItsFormatVersionAndLength()
    {
        using var dir = new TempDirectory();
        using (MappedRing.Open(dir.File("single"), new MappedRingOptions { Capacity = 4096 }))
        using (MappedRing.Open(dir.File("broadcast"), new MappedRingOptions { Capacity = 4096, MaxReaders = 3 }))
        {
        }
        byte[] single = File.ReadAllBytes(dir.File("single"));
        byte[] broadcast = File.ReadAllBytes(dir.File("broadcast"));
        Assert.Equal(256 + 4096, single.Length);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(single.AsSpan(8)));
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(single.AsSpan(12)));
        Assert.Equal(256 + (3 * 64) + 4096, broadcast.Length);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(broadcast.AsSpan(8)));
        Assert.Equal(448u, BinaryPrimitives.ReadUInt32LittleEndian(broadcast.AsSpan(12)));
        Assert.Equal(single.AsSpan(16, 240).ToArray(), broadcast.AsSpan(16, 240).ToArray()); // the rest of the header as a version 1 ring's
    }

    [Theory]
    [InlineData(0, "empty")]
    [InlineData(25, "50 bytes")] // 25 two-byte characters
    [InlineData(-1, "lone surrogate")]
    public void ABadReaderNameIsRefusedAndRegistersNothing(int characters, string named)
    {
        string name = characters < 0 ? "bad" + (char)0xD800 : new string('é', characters);
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1024, MaxReaders = 2 });
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => ring.OpenReader(name));
        Assert.Contains(named, e.Message);
        Assert.Contains("1 to 47", e.Message);
        Assert.Empty(ring.Readers);
        Assert.ThrowsAny<ArgumentException>(() => ring.RemoveReader(name));
    }

    public static TheoryData<string, int, long, int, string> Corruptions => new()
    {
        { "version 3", 8, 3, 4, "format version" },
        { "header length not a whole slot", 12, 256 + 32, 4, "header length" },
        { "no slot", 12, 256, 4, "header length" },
        { "too many slots", 12, 256 + (65 * 64), 4, "header length" },
        { "name length past 47", 256 + 64, 48, 1, "reader slot 1's name length" },
        { "name not UTF-8", 256 + 64 + 1, 0xFF, 1, "reader slot 1's name" },
        { "misaligned position", 256 + 64 + 48, 27, 8, "reader slot 1's position" },
        { "position behind the head", 256 + 48, 0, 8, "reader slot 0's position" },
        { "position past the tail", 256 + 64 + 48, 4096, 8, "reader slot 1's position" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void ACorruptHeaderOrReaderTableIsAFormatErrorAndTheFileIsUnchanged(string what, int offset, long value, int size, string named)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 4096, MaxReaders = 4 }))
        {
            using RingReader a = ring.OpenReader("a");
            using RingReader b = ring.OpenReader("b");
            Assert.True(ring.TryWrite(new byte[8]));
            Assert.True(ring.TryWrite(new byte[8]));
            _ = a.Read((_, _) => { });
            _ = b.Read((_, _) => { }, limit: 1); // head 24 (b), a at 48, tail 48
        }
        byte[] bytes = File.ReadAllBytes(path);
        switch (size)
        {
            case 1:
                bytes[offset] = (byte)value;
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset), value);
                break;
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(path));
        Assert.Contains(named, e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        _ = what;
    }

    [Fact]
    public void ATruncatedBroadcastFileIsAFormatErrorNamingItsLength()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (MappedRing.Open(path, new MappedRingOptions { Capacity = 4096, MaxReaders = 2 }))
        {
        }
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(4352); // a version 1 ring's length: the table's 128 bytes are missing
        }
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(path));
        Assert.Contains("4352", e.Message);
        Assert.Contains("4480", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
