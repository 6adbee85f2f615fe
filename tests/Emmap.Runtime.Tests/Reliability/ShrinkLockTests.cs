namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Emmap never shrinks a file that another handle has mapped (which would kill that handle's
/// process with SIGBUS on its next access past the new end): every handle holds a shared flock,
/// and a shrinking Resize or a Truncate on open needs it exclusive.
/// </summary>
public sealed class ShrinkLockTests : IDisposable
{
    private const int Size = 8192;

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly byte[] _original = TempDirectory.PatternBytes(Size);

    public ShrinkLockTests()
    {
        _path = _dir.FileWith(_original);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AShrinkingResizeIsRefusedWhileAnotherHandleInThisProcessHasTheFile()
    {
        using var holder = MappedFile.Open(_path);
        using (var shrinker = MappedFile.Open(_path))
        {
            var ex = Assert.Throws<IOException>(() => shrinker.Resize(100));
            Assert.Contains(_path, ex.Message);
            Assert.Contains("shrink it from 8192 to 100 bytes", ex.Message);
            Assert.Equal(Size, shrinker.Length);
            shrinker.Resize(2 * Size); // growing hurts nobody
            Assert.Throws<IOException>(() => shrinker.Resize(Size)); // any shrink is refused, even back to the holder's length
        }
        Assert.Equal(_original, holder.ReadAt(0, Size));
    }

    [Fact]
    public void TruncateOnOpenIsRefusedWhileAnotherHandleHasTheFile()
    {
        using (var holder = MappedFile.Open(_path))
        {
            var ex = Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Truncate = true, Length = 16 }));
            Assert.Contains(_path, ex.Message);
            Assert.Contains("Truncate", ex.Message);
            Assert.Equal(_original, holder.ReadAt(0, Size));
        }
        Assert.Equal(_original, File.ReadAllBytes(_path));
        using var alone = MappedFile.Open(_path, new MapOptions { Truncate = true, Length = 16 });
        Assert.Equal(new byte[16], alone.ReadAt(0, 16));
    }

    [Fact]
    public void ALeaseOutlivingItsFileStillProtectsTheMapping()
    {
        var holder = MappedFile.Open(_path);
        var lease = holder.Lease(Size - 64, 64);
        holder.Dispose();
        using (var shrinker = MappedFile.Open(_path))
        {
            Assert.Throws<IOException>(() => shrinker.Resize(64));
            Assert.Equal(_original[^64..], lease.Memory.Span.ToArray());
            lease.Dispose();
            shrinker.Resize(64); // nobody maps the tail any more
        }
        Assert.Equal(_original[..64], File.ReadAllBytes(_path));
    }

    [Fact]
    public void AnotherProcessHoldingTheFileMakesShrinkingFailAndKeepsItsMappingWhole()
    {
        using var helper = TestProcess.Start("hold-mapped", _path);
        Assert.Equal($"mapped {Size}", helper.ReadLine());
        using (var shrinker = MappedFile.Open(_path))
        {
            var ex = Assert.Throws<IOException>(() => shrinker.Resize(Size / 2));
            Assert.Contains(_path, ex.Message);
            Assert.Throws<IOException>(() => MappedFile.Open(_path, new MapOptions { Truncate = true, Length = 1 }));
        }
        Assert.Equal(_original, File.ReadAllBytes(_path));
        helper.WriteLine("read");
        Assert.Equal($"read {Size} bytes", helper.ReadLine()); // no SIGBUS: every byte was still there
        helper.WaitForSuccess();
        using var after = MappedFile.Open(_path);
        after.Resize(Size / 2);
        Assert.Equal(Size / 2, new FileInfo(_path).Length);
    }
}
