namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// The bad-input matrix: every public entry point of <see cref="MappedFile"/> (reads, writes,
/// atomics, leases, binding, seeking, resizing, options), the layout arrays and the file types
/// with out-of-range, negative, overflowing and misaligned arguments: each throws the expected
/// exception, names the value, and leaves the file byte for byte as it was. Extends
/// <see cref="BadInputTests"/> (single members, dispose) with the whole member lists of
/// <see cref="MappedFileMembers"/>.
/// </summary>
public sealed class BadInputMatrixTests : IDisposable
{
    private const int Size = 4096;

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly byte[] _original = TempDirectory.PatternBytes(Size);

    public BadInputMatrixTests()
    {
        _path = _dir.FileWith(_original);
    }

    public void Dispose() => _dir.Dispose();

    private void AssertUnchanged() => Assert.Equal(_original, File.ReadAllBytes(_path));

    /// <summary>Positions outside a 4096-byte mapping for 4- and 8-byte accesses alike (negative, past the end, overflowing).</summary>
    public static TheoryData<long> OutsidePositions => new()
    {
        -1, -8, long.MinValue, Size, Size + 8, Size * 1024L, (long)int.MaxValue + 1, long.MaxValue - 7, long.MaxValue,
    };

    [Theory]
    [MemberData(nameof(OutsidePositions))]
    public void EveryReadWriteAndAtomicOutsideTheMappingThrowsNamingThePosition(long position)
    {
        using (var file = MappedFile.Open(_path, new MapOptions { FixedSize = true }))
        {
            foreach (int size in new[] { 4, 8 })
            {
                var calls = MappedFileMembers.Reads(file, position, size).Concat(MappedFileMembers.Atomics(file, position, size));
                foreach ((string name, ArgumentOutOfRangeException ex) in MappedFileMembers.AssertEachThrows<ArgumentOutOfRangeException>(calls))
                {
                    Assert.True(ex.Message.Contains(position.ToString(), StringComparison.Ordinal), $"{name}({position}): the message does not name the position: {ex.Message}");
                    Assert.True(ex.ParamName == "position", $"{name}({position}): ParamName is {ex.ParamName}");
                }
            }
            MappedFileMembers.AssertEachThrows<ArgumentOutOfRangeException>([("WriteAt", () => file.WriteAt(position, new byte[8]))]);
            Assert.Equal(Size, file.Length);
        }
        AssertUnchanged();
    }

    [Theory]
    [InlineData(Size - 4)]
    [InlineData(Size - 1)]
    public void An8ByteAccessCrossingTheEndThrowsEvenWhereA4ByteOneFits(long position)
    {
        using (var file = MappedFile.Open(_path))
        {
            var calls = MappedFileMembers.Reads(file, position, 8).Concat(MappedFileMembers.Atomics(file, position, 8));
            foreach ((string name, ArgumentOutOfRangeException ex) in MappedFileMembers.AssertEachThrows<ArgumentOutOfRangeException>(calls))
            {
                Assert.True(ex.Message.Contains($"Position {position} + length 8", StringComparison.Ordinal), $"{name}: {ex.Message}");
            }
            Assert.Equal(Size, file.Length); // atomics never grow
        }
        AssertUnchanged();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(Size - 14)]
    public void EveryAtomicAndVolatileAccessAtAMisalignedPositionThrowsNamingIt(long position)
    {
        using (var file = MappedFile.Open(_path))
        {
            foreach (int size in new[] { 4, 8 })
            {
                var calls = MappedFileMembers.Atomics(file, position, size)
                    .Concat(MappedFileMembers.Reads(file, position, size).Where(m => m.Name.StartsWith("ReadVolatile", StringComparison.Ordinal) || m.Name.StartsWith("WaitForChange", StringComparison.Ordinal)));
                foreach ((string name, ArgumentException ex) in MappedFileMembers.AssertEachThrows<ArgumentException>(calls))
                {
                    Assert.True(ex.Message.Contains($"Position {position} is misaligned", StringComparison.Ordinal) && ex.Message.Contains($"multiple of {size}", StringComparison.Ordinal),
                        $"{name}({position}): {ex.Message}");
                }
            }
            Assert.Equal(_original[..8], file.ReadAt(0, 8)); // the plain reads do not care about alignment
        }
        AssertUnchanged();
    }

    [Fact]
    public void LeasesBindingSeekingPositionAndResizingRejectBadArgumentsNamingThem()
    {
        using (var file = MappedFile.Open(_path))
        {
            foreach ((long position, int length) in new[] { (-1L, 1), (0L, -1), (Size, 1), (Size - 1, 2), (long.MaxValue, 1), (long.MinValue, 0), (1L, int.MaxValue) })
            {
                var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(position, length));
                Assert.Contains(length < 0 ? length.ToString() : position.ToString(), ex.Message);
            }
            foreach (long offset in new[] { -1L, Size - 15, Size, long.MaxValue, long.MinValue })
            {
                var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.Bind<TestLayout>(offset));
                Assert.Contains($"offset {offset}", ex.Message);
            }
            var misaligned = Assert.Throws<ArgumentException>(() => file.Bind<TestLayout>(4));
            Assert.Contains("Offset 4 is not aligned", misaligned.Message);

            foreach ((long offset, SeekOrigin origin) in new[] { (long.MaxValue, SeekOrigin.End), (-1L, SeekOrigin.Begin), (long.MinValue, SeekOrigin.Current), (-Size - 1L, SeekOrigin.End) })
            {
                var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(offset, origin));
                Assert.Contains(offset.ToString(), ex.Message);
                Assert.Equal(0, file.Position); // unchanged
            }
            Assert.Contains("7", Assert.Throws<ArgumentOutOfRangeException>(() => file.Seek(0, (SeekOrigin)7)).Message);
            Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => file.Position = -1).Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(-1));
            foreach (long length in new[] { 0L, -1L, long.MinValue })
            {
                Assert.Contains(length.ToString(), Assert.Throws<ArgumentOutOfRangeException>(() => file.Resize(length)).Message);
            }
            // In range for the API, beyond any file system: refused, and nothing changes.
            Exception? huge = Record.Exception(() => file.Resize(long.MaxValue));
            Assert.True(huge is IOException or ArgumentOutOfRangeException, $"Resize(long.MaxValue) threw {huge?.GetType().Name ?? "nothing"}");
            Assert.Equal(Size, file.Length);
            Assert.Equal(_original, file.ReadAt(0, Size));
        }
        AssertUnchanged();
    }

    [Fact]
    public void MapOptionsOutOfRangeOrOverflowingAreRefusedNamingTheValue()
    {
        foreach ((MapOptions options, string value) in new (MapOptions, string)[]
        {
            (new() { Offset = long.MinValue }, long.MinValue.ToString()),
            (new() { Length = long.MinValue }, long.MinValue.ToString()),
            (new() { Offset = long.MaxValue, Length = 1 }, long.MaxValue.ToString()),
            (new() { Offset = 8, Length = long.MaxValue - 7 }, (long.MaxValue - 7).ToString()),
            (new() { GrowthStep = -1 }, "-1"),
            (new() { Sharing = (MapSharing)9 }, "9"),
        })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, options));
            Assert.Contains(value, ex.Message);
        }
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Offset = long.MaxValue }));
        Assert.Contains(long.MaxValue.ToString(), past.Message);
        var unmappable = Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Open(_path, new MapOptions { Offset = Size, Length = long.MaxValue - Size }));
        Assert.Contains((long.MaxValue - Size).ToString(), unmappable.Message);
        Assert.Contains(GrowthPolicy.MaxLength.ToString(), unmappable.Message); // the limit
        Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Offset = Size, Length = GrowthPolicy.MaxLength })); // mappable, but the file is too small without Fit
        AssertUnchanged();
    }

    [Fact]
    public void LayoutArraysRejectEveryIndexOutsideThemNamingItAndChangeNothing()
    {
        string path = _dir.File("arrays.layout");
        using (var file = LayoutFile<ArrayLayout>.Open(path))
        {
            MappedArray<long> values = file.Layout.Values;
            values[3] = 42;
            ArrayPoint point = file.Layout.Points[2];
            point.Y = 7;
        }
        byte[] before = File.ReadAllBytes(path);
        using (var file = LayoutFile<ArrayLayout>.Open(path))
        {
            MappedArray<long> values = file.Layout.Values;
            LayoutArray<ArrayPoint> points = file.Layout.Points;
            foreach (int index in new[] { -1, 4, int.MaxValue, int.MinValue })
            {
                foreach (Action call in new Action[] { () => _ = values[index], () => values[index] = 1 })
                {
                    var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
                    Assert.Contains($"Index {index} is outside the array of 4 elements", ex.Message);
                    Assert.Equal("index", ex.ParamName);
                }
                if (index != 4)
                {
                    var ex = Assert.Throws<ArgumentOutOfRangeException>(() => points[index]);
                    Assert.Contains($"Index {index} is outside the array of 3 elements", ex.Message);
                }
            }
            Assert.Contains("Index 3 is outside the array of 3 elements", Assert.Throws<ArgumentOutOfRangeException>(() => points[3]).Message);
            Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => new MappedArray<long>(default, -1)).Message);
            Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => new LayoutArray<ArrayPoint>(default, -1)).Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => default(MappedArray<long>)[0]);
            Assert.Throws<ArgumentOutOfRangeException>(() => default(LayoutArray<ArrayPoint>)[0]);
            Assert.Equal(42, values[3]);
            Assert.Equal(7, points[2].Y);
            file.Dispose();
            Assert.Throws<ObjectDisposedException>(() => values[0]);
            Assert.Throws<ObjectDisposedException>(() => values[0] = 5);
            Assert.Throws<ObjectDisposedException>(() => points[0].X);
            Assert.Throws<ObjectDisposedException>(() => values.ToArray());
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
