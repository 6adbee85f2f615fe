using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>Bad input to <see cref="MappedRing"/>: each throws naming the value and the limit, and leaves the file as it was.</summary>
public sealed class MappedRingBadInputTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(3L << 20)]
    [InlineData(1L << 31)]
    public void ACapacityThatIsNotAPowerOfTwoInRangeIsRefused(long capacity)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MappedRing.Open(dir.File(), new MappedRingOptions { Capacity = capacity }));
        Assert.Contains(capacity.ToString(), e.Message);
        Assert.Contains("power of two", e.Message);
        Assert.False(File.Exists(dir.File()));
    }

    [Fact]
    public void AMessageLargerThanTheRingTakesIsRefusedAndChangesNothing()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1024 });
        Assert.Equal(112, ring.MaxMessageLength);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryWrite(new byte[113]));
        Assert.Contains("113", e.Message);
        Assert.Contains("112", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryClaim(-1, out _));
        Assert.Equal(0, ring.WritePosition);
        Assert.True(ring.TryWrite(new byte[112]));
    }

    [Fact]
    public void WithoutACapacityAnExistingRingOpensWithItsOwnAndANewOneGetsTheDefault()
    {
        using var dir = new TempDirectory();
        string small = dir.File("small"), fresh = dir.File("fresh");
        using (var ring = MappedRing.Open(small, new MappedRingOptions { Capacity = 4096 }))
        {
            Assert.True(ring.TryWrite("hello"u8));
        }
        using (var joined = MappedRing.Open(small))
        {
            Assert.False(joined.Created);
            Assert.Equal(4096, joined.Capacity);
            byte[] got = [];
            Assert.Equal(1, joined.Read((message, _) => got = message.ToArray()));
            Assert.Equal("hello"u8.ToArray(), got);
        }
        using var created = MappedRing.Open(fresh);
        Assert.True(created.Created);
        Assert.Equal(MappedRingOptions.DefaultCapacity, created.Capacity);
    }

    [Fact]
    public void AnotherCapacityIsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        using (MappedRing.Open(dir.File(), new MappedRingOptions { Capacity = 4096 }))
        {
        }
        byte[] before = File.ReadAllBytes(dir.File());
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(dir.File(), new MappedRingOptions { Capacity = 8192 }));
        Assert.Contains("4096", e.Message);
        Assert.Contains("8192", e.Message);
        Assert.Equal(before, File.ReadAllBytes(dir.File()));
    }

    [Fact]
    public void AnotherRecordTypeIsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        using (MappedRing<RingEvent>.Open(dir.File()))
        {
        }
        byte[] before = File.ReadAllBytes(dir.File());
        var e = Assert.Throws<LayoutMismatchException>(() => MappedRing<OtherRingEvent>.Open(dir.File()));
        Assert.Equal(RingEvent.LayoutHash, e.FoundHash);
        Assert.Equal(OtherRingEvent.LayoutHash, e.ExpectedHash);
        Assert.Contains(nameof(OtherRingEvent), e.Message);
        Assert.Throws<LayoutMismatchException>(() => MappedRing.Open(dir.File()));
        Assert.Equal(before, File.ReadAllBytes(dir.File()));
    }

    public static TheoryData<string, int, long, string> Corruptions => new()
    {
        { "magic", 0, 0x4141414141414141, "the magic" },
        { "version", 8, 3, "version" },
        { "header length", 12, 128, "header length" },
        { "capacity", 16, 1000, "capacity" },
        { "tail behind head", 64, 8, "positions" },
        { "tail past head + capacity", 64, 4096 + 64, "positions" },
        { "misaligned head", 128, 3, "positions" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void ACorruptHeaderIsAFormatErrorAndTheFileIsUnchanged(string what, int offset, long value, string named)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 }))
        {
            Assert.True(ring.TryWrite(new byte[8]));
            Assert.True(ring.TryWrite(new byte[8]));
            _ = ring.Read((_, _) => { }, limit: 1); // head 24, tail 48
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (offset is 8 or 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset), value);
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 }));
        Assert.Contains(named, e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        _ = what;
    }

    [Fact]
    public void ATruncatedFileIsAFormatErrorAndUnchanged()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 }))
        {
        }
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(1000);
        }
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<MappedFormatException>(() => MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 }));
        Assert.Contains("1000", e.Message);
        Assert.Contains("4352", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void OutOfRangeArgumentsNameTheirValue()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1024 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Read((_, _) => { }, limit: 0));
        var t = Assert.Throws<ArgumentOutOfRangeException>(() => ring.WaitForMessages(TimeSpan.FromSeconds(-2)));
        Assert.Contains("-00:00:02", t.Message);
        var o = Assert.Throws<ArgumentOutOfRangeException>(() => MappedRing.CreateAnonymous(new MappedRingOptions { AbandonedClaimTimeout = TimeSpan.Zero }));
        Assert.Contains("AbandonedClaimTimeout", o.Message);
        Assert.Throws<InvalidOperationException>(() => default(RingClaim).Commit());
    }
}
