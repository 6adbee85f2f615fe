namespace Emmap.Runtime.Tests;

/// <summary>Every bad input throws the expected exception with a message naming the value and the limit, and leaves the file as it was.</summary>
public sealed class BadInputTests : IDisposable
{
    private const int Size = 4096;

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly byte[] _original = TempDirectory.PatternBytes(Size);

    public BadInputTests()
    {
        _path = _dir.FileWith(_original);
    }

    public void Dispose() => _dir.Dispose();

    private void AssertUnchanged() => Assert.Equal(_original, File.ReadAllBytes(_path));

    private static readonly MapOptions Fixed = new() { FixedSize = true };

    public static TheoryData<long, int> OutOfRange => new()
    {
        { -1, 1 },
        { -1, 0 },
        { long.MinValue, 16 },
        { Size, 1 },
        { Size - 15, 16 },
        { Size + 1, 0 },
        { long.MaxValue, 1 },
        { long.MaxValue - 3, 8 },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void ReadAtOutOfRangeThrowsNamingPositionAndLength(long position, int length)
    {
        using (var file = MappedFile.Open(_path, Fixed))
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(position, new byte[length]));
            Assert.Contains(position.ToString(), ex.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(position, length));
        }
        AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void WriteAtOutOfRangeOfAFixedMappingChangesNoByte(long position, int length)
    {
        using (var file = MappedFile.Open(_path, Fixed))
        {
            var data = Enumerable.Repeat((byte)0xEE, length).ToArray();
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(position, data));
            Assert.Contains(position.ToString(), ex.Message);
            Assert.Equal(Size, file.Length);
        }
        AssertUnchanged();
    }

    [Fact]
    public void WriteCrossingTheEndOfAFixedMappingNamesTheLimit()
    {
        using (var file = MappedFile.Open(_path, Fixed))
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(4090, new byte[16]));
            Assert.Contains("Position 4090 + length 16 is past the end of the 4096-byte mapping", ex.Message);
            Assert.Equal("position", ex.ParamName);
        }
        AssertUnchanged();
    }

    [Fact]
    public void WriteAtANegativePositionOfAGrowableMappingChangesNoByte()
    {
        using (var file = MappedFile.Open(_path))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(-1, [1]));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(long.MaxValue, [1]));
            Assert.Equal(Size, file.Length);
        }
        AssertUnchanged();
    }

    [Fact]
    public void NegativeCountThrows()
    {
        using (var file = MappedFile.Open(_path))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(0, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(0, -1));
        }
        AssertUnchanged();
    }

    [Theory]
    [InlineData(-8)]
    [InlineData(Size - 4)]
    [InlineData(Size)]
    [InlineData(long.MaxValue)]
    public void AtomicsOutOfRangeThrow(long position)
    {
        using (var file = MappedFile.Open(_path))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => file.GetAndAddInt64(position, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadVolatileInt64(position));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteVolatileUInt64(position, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.CompareExchangeInt64(position, 1, 0));
            Assert.Equal(Size, file.Length); // atomics never grow
        }
        AssertUnchanged();
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(Size)]
    [InlineData(long.MaxValue - 3)]
    public void FourByteAtomicsOutOfRangeThrow(long position)
    {
        using (var file = MappedFile.Open(_path))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => file.GetAndAddInt32(position, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadVolatileInt32(position));
            Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteVolatileUInt32(position, 1));
        }
        AssertUnchanged();
    }

    [Fact]
    public void TypedAccessesReachTheLastPositionThatFits()
    {
        // The typed paths check one precomputed bound per size (length - size + 1): pin both sides of it.
        using var file = MappedFile.Open(_path);
        Assert.Equal(BitConverter.ToInt32(_original, Size - 4), file.ReadVolatileInt32(Size - 4));
        Assert.Equal(BitConverter.ToInt64(_original, Size - 8), file.ReadVolatileInt64(Size - 8));
        file.WriteVolatileInt32(Size - 4, 7);
        file.WriteVolatileInt64(Size - 16, 9);
        Assert.Equal(7, file.GetAndAddInt32(Size - 4, 1));
        Assert.Equal(9, file.GetAndAddInt64(Size - 16, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadVolatileInt64(Size - 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteVolatileInt64(Size - 4, 1));
    }

    [Fact]
    public void TypedAccessesOnAFileShorterThanTheValueThrow()
    {
        string path = _dir.FileWith(new byte[] { 1, 2, 3, 4 }, "short.bin");
        using var file = MappedFile.Open(path, Fixed);
        Assert.Equal(0x04030201, file.ReadVolatileInt32(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadVolatileInt64(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.GetAndAddInt64(0, 1));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 8)]
    public void MisalignedAtomicNamesPositionAndAlignment(long position, int alignment)
    {
        using (var file = MappedFile.Open(_path))
        {
            var ops = alignment == 4
                ? new Action[] { () => file.GetAndAddInt32(position, 1), () => file.ReadVolatileInt32(position), () => file.ExchangeUInt32(position, 1), () => file.WriteVolatileInt32(position, 1) }
                : new Action[] { () => file.GetAndAddInt64(position, 1), () => file.ReadVolatileUInt64(position), () => file.GetAndXorInt64(position, 1), () => file.WriteVolatileInt64(position, 1) };
            foreach (Action op in ops)
            {
                var ex = Assert.Throws<ArgumentException>(op);
                Assert.IsNotType<ArgumentOutOfRangeException>(ex);
                Assert.Equal("position", ex.ParamName);
                Assert.Contains($"Position {position}", ex.Message);
                Assert.Contains($"multiple of {alignment}", ex.Message);
            }
        }
        AssertUnchanged();
    }

    [Fact]
    public void WritingThroughAReadOnlyMappingThrows()
    {
        using (var file = MappedFile.Open(_path, new MapOptions { Access = MapAccess.Read }))
        {
            var ex = Assert.Throws<UnauthorizedAccessException>(() => file.WriteAt(0, [1]));
            Assert.Contains("read-only", ex.Message);
            Assert.Throws<UnauthorizedAccessException>(() => file.WriteAt(Size, [1])); // not a growth either
            Assert.Throws<UnauthorizedAccessException>(() => file.GetAndOrInt32(0, 1));
            Assert.Throws<UnauthorizedAccessException>(() => file.CompareExchangeUInt64(0, 1, 0));
            Assert.Throws<UnauthorizedAccessException>(() => file.WriteVolatileInt64(0, 1));
        }
        AssertUnchanged();
    }

    [Fact]
    public void MissingFileWithoutCreate()
    {
        string missing = _dir.File("missing.bin");
        Assert.Throws<FileNotFoundException>(() => MappedFile.Open(missing));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void DirectoryAsPath()
    {
        Assert.ThrowsAny<UnauthorizedAccessException>(() => MappedFile.Open(_dir.Path));
        Assert.ThrowsAny<UnauthorizedAccessException>(() => MappedFile.Open(_dir.Path, new MapOptions { Create = true, Length = 16 }));
        Assert.True(Directory.Exists(_dir.Path));
    }

    [Fact]
    public void ZeroLengthMapping()
    {
        string empty = _dir.FileWith([], "empty.bin");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(empty));
        Assert.Contains("0 bytes", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Length = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Offset = Size }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_dir.File("new.bin"), new MapOptions { Create = true }));
        Assert.False(File.Exists(_dir.File("new.bin"))); // the failed open removes the file it created
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.CreateAnonymous(0));
        Assert.Empty(File.ReadAllBytes(empty));
        AssertUnchanged();
    }

    [Fact]
    public void SizeMismatchWithoutFit()
    {
        var ex = Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Length = Size + 1 }));
        Assert.Contains($"{Size} bytes", ex.Message);
        Assert.Contains("Fit", ex.Message);
        Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Length = 10, Offset = Size - 5 }));
        Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Length = Size * 2, Fit = true, Access = MapAccess.Read }));
        AssertUnchanged();
    }

    [Fact]
    public void InvalidOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Offset = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Length = -5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Offset = 1, Length = long.MaxValue }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { GrowthStep = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Access = (MapAccess)9 }));
        Assert.Throws<ArgumentException>(() => MappedFile.Open(_path, new MapOptions { Access = MapAccess.Read, Truncate = true, Length = 1 }));
        Assert.Throws<ArgumentException>(() => MappedFile.Open(_dir.File("x.bin"), new MapOptions { Access = MapAccess.Read, Create = true, Length = 1 }));
        Assert.ThrowsAny<ArgumentException>(() => MappedFile.Open(""));
        Assert.ThrowsAny<ArgumentException>(() => MappedFile.Open(null!));
        Assert.False(File.Exists(_dir.File("x.bin")));
        AssertUnchanged();
    }

    [Fact]
    public void EveryMemberThrowsAfterDispose()
    {
        var file = MappedFile.Open(_path);
        using var lease = file.Lease(0, 8);
        file.Dispose();
        var members = new (string Name, Action Call)[]
        {
            ("Path", () => _ = file.Path),
            ("Length", () => _ = file.Length),
            ("CanWrite", () => _ = file.CanWrite),
            ("Created", () => _ = file.Created),
            ("Position get", () => _ = file.Position),
            ("Position set", () => file.Position = 0),
            ("ReadAt span", () => file.ReadAt(0, new byte[1])),
            ("ReadAt span empty", () => file.ReadAt(0, Span<byte>.Empty)),
            ("ReadAt array", () => file.ReadAt(0, 1)),
            ("WriteAt", () => file.WriteAt(0, [1])),
            ("WriteAt empty", () => file.WriteAt(0, ReadOnlySpan<byte>.Empty)),
            ("WriteAt past end", () => file.WriteAt(Size, [1])),
            ("Read span", () => file.Read(new byte[1])),
            ("Read count", () => file.Read(1)),
            ("ReadLine", () => file.ReadLine()),
            ("Seek", () => file.Seek(0, SeekOrigin.Begin)),
            ("AsStream", () => file.AsStream()),
            ("Lease", () => file.Lease(0, 1)),
            ("Bind", () => file.Bind<TestLayout>(0)),
            ("Flush", () => file.Flush()),
            ("FlushAsync", () => file.FlushAsync()),
            ("Resize", () => file.Resize(2 * Size)),
            ("ReadVolatileInt32", () => file.ReadVolatileInt32(0)),
            ("ReadVolatileInt64", () => file.ReadVolatileInt64(0)),
            ("ReadVolatileUInt32", () => file.ReadVolatileUInt32(0)),
            ("ReadVolatileUInt64", () => file.ReadVolatileUInt64(0)),
            ("WriteVolatileInt32", () => file.WriteVolatileInt32(0, 1)),
            ("WriteVolatileInt64", () => file.WriteVolatileInt64(0, 1)),
            ("WriteVolatileUInt32", () => file.WriteVolatileUInt32(0, 1)),
            ("WriteVolatileUInt64", () => file.WriteVolatileUInt64(0, 1)),
            ("GetAndAddInt32", () => file.GetAndAddInt32(0, 1)),
            ("GetAndAddInt64", () => file.GetAndAddInt64(0, 1)),
            ("GetAndAddUInt32", () => file.GetAndAddUInt32(0, 1)),
            ("GetAndAddUInt64", () => file.GetAndAddUInt64(0, 1)),
            ("GetAndSubtractInt32", () => file.GetAndSubtractInt32(0, 1)),
            ("GetAndSubtractInt64", () => file.GetAndSubtractInt64(0, 1)),
            ("GetAndSubtractUInt32", () => file.GetAndSubtractUInt32(0, 1)),
            ("GetAndSubtractUInt64", () => file.GetAndSubtractUInt64(0, 1)),
            ("GetAndAndInt32", () => file.GetAndAndInt32(0, 1)),
            ("GetAndAndInt64", () => file.GetAndAndInt64(0, 1)),
            ("GetAndAndUInt32", () => file.GetAndAndUInt32(0, 1)),
            ("GetAndAndUInt64", () => file.GetAndAndUInt64(0, 1)),
            ("GetAndOrInt32", () => file.GetAndOrInt32(0, 1)),
            ("GetAndOrInt64", () => file.GetAndOrInt64(0, 1)),
            ("GetAndOrUInt32", () => file.GetAndOrUInt32(0, 1)),
            ("GetAndOrUInt64", () => file.GetAndOrUInt64(0, 1)),
            ("GetAndXorInt32", () => file.GetAndXorInt32(0, 1)),
            ("GetAndXorInt64", () => file.GetAndXorInt64(0, 1)),
            ("GetAndXorUInt32", () => file.GetAndXorUInt32(0, 1)),
            ("GetAndXorUInt64", () => file.GetAndXorUInt64(0, 1)),
            ("ExchangeInt32", () => file.ExchangeInt32(0, 1)),
            ("ExchangeInt64", () => file.ExchangeInt64(0, 1)),
            ("ExchangeUInt32", () => file.ExchangeUInt32(0, 1)),
            ("ExchangeUInt64", () => file.ExchangeUInt64(0, 1)),
            ("CompareExchangeInt32", () => file.CompareExchangeInt32(0, 1, 0)),
            ("CompareExchangeInt64", () => file.CompareExchangeInt64(0, 1, 0)),
            ("CompareExchangeUInt32", () => file.CompareExchangeUInt32(0, 1, 0)),
            ("CompareExchangeUInt64", () => file.CompareExchangeUInt64(0, 1, 0)),
        };
        foreach ((string name, Action call) in members)
        {
            var ex = Record.Exception(call);
            Assert.True(ex is ObjectDisposedException, $"{name} threw {ex?.GetType().Name ?? "nothing"} after Dispose.");
        }
        Assert.True(file.IsDisposed);
        file.Dispose();
        Assert.Equal(_original[..8], lease.Memory.Span.ToArray()); // the lease still reads mapped memory
        AssertUnchanged();
    }
}
