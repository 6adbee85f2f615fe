using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// A full disk never kills the process: on a real, size-limited tmpfs (and a loop-mounted ext4
/// image) every way of creating, growing or resizing a file reserves its bytes first, so a full disk
/// is an <see cref="IOException"/> naming the path and the size at that call, and the file keeps its
/// length and bytes, with no stray file left. Had any of these mapped unreserved pages, the test
/// host would die of SIGBUS.
/// </summary>
public sealed class DiskFullTests
{
    private static void AssertNamesPathAndSize(IOException ex, string path, long size)
    {
        Assert.Contains(path, ex.Message);
        Assert.Contains(size.ToString(), ex.Message);
    }

    [MountFact]
    public void CreatingAFileLargerThanTheFreeSpaceFailsNamingPathAndSizeAndLeavesNothing()
    {
        using Mounts fs = Mounts.Tmpfs(256);
        string path = Path.Combine(fs.Path, "big.bin");
        var ex = Assert.Throws<IOException>(() => MappedFile.Open(path, new MapOptions { Create = true, Length = 1 << 20 }));
        AssertNamesPathAndSize(ex, path, 1 << 20);
        Assert.Empty(fs.Names());
        using (var ok = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 << 10 }))
        {
            ok.WriteAt(0, [1]); // the file system still works
        }
        Assert.Equal(["big.bin"], fs.Names());
    }

    [MountFact]
    public void GrowingAnExistingFileOnAFullDiskFailsAndKeepsItsLengthAndBytes()
    {
        using Mounts fs = Mounts.Tmpfs(256);
        string path = Path.Combine(fs.Path, "data.bin");
        File.WriteAllBytes(path, TempDirectory.PatternBytes(8192));
        fs.Fill();
        string[] names = fs.Names();
        void AssertUnchanged()
        {
            Assert.Equal(TempDirectory.PatternBytes(8192), File.ReadAllBytes(path));
            Assert.Equal(names, fs.Names());
        }

        AssertNamesPathAndSize(Assert.Throws<IOException>(() => MappedFile.Open(path, new MapOptions { Length = 1 << 20, Fit = true })), path, (1 << 20));
        AssertUnchanged();
        using var file = MappedFile.Open(path, new MapOptions { GrowthStep = 1 << 20 });
        AssertNamesPathAndSize(Assert.Throws<IOException>(() => file.Resize(1 << 20)), path, 1 << 20);
        AssertUnchanged();
        Assert.Throws<IOException>(() => file.WriteAt(100_000, [1, 2, 3])); // automatic growth
        AssertUnchanged();
        using (Stream stream = file.AsStream())
        {
            stream.Position = 8192;
            Assert.Throws<IOException>(() => stream.Write(new byte[70_000]));
        }
        AssertUnchanged();
        Assert.Equal(8192, file.Length); // the handle still maps what it did, and works
        file.WriteAt(0, [9]);
        Assert.Equal(9, file.ReadAt(0, 1)[0]);
    }

    [MountFact]
    public void TruncateOnAFullDiskRefusesBeforeEmptyingTheFile()
    {
        using Mounts fs = Mounts.Tmpfs(256);
        string path = Path.Combine(fs.Path, "data.bin");
        File.WriteAllBytes(path, TempDirectory.PatternBytes(8192));
        fs.Fill();
        Assert.Throws<IOException>(() => MappedFile.Open(path, new MapOptions { Truncate = true, Length = 1 << 20 }));
        Assert.Equal(TempDirectory.PatternBytes(8192), File.ReadAllBytes(path));
    }

    [MountFact]
    public void CountersAndLayoutFilesOnAFullDiskFailNamingThePathAndLeaveNoDebris()
    {
        using Mounts fs = Mounts.Tmpfs(256);
        string counters = Path.Combine(fs.Path, "c.counters");
        var ex = Assert.Throws<IOException>(() => MappedCounters.Open(counters, 1 << 12, CountersFormat.Padded)); // 512 KiB
        Assert.Contains(counters, ex.Message);
        Assert.Contains("bytes of disk space", ex.Message);
        Assert.Empty(fs.Names());
        fs.Fill();
        string layout = Path.Combine(fs.Path, "stats.layout");
        Assert.Contains(layout, Assert.Throws<IOException>(() => LayoutFile<ServiceStats>.Open(layout).Dispose()).Message);
        Assert.Contains(counters, Assert.Throws<IOException>(() => MappedCounters.Open(counters, 4).Dispose()).Message);
        Assert.Equal(["filler"], fs.Names());
    }

    [MountFact]
    public void PopulateOfASparseFileOnAFullDiskIsAnExceptionNotACrash()
    {
        using Mounts fs = Mounts.Tmpfs(256);
        string path = Path.Combine(fs.Path, "sparse.bin");
        // Sparse: the caller asked not to reserve; the length is set, no page is backed.
        using (var sparse = MappedFile.Open(path, new MapOptions { Create = true, Length = 1 << 20, Sparse = true }))
        {
            Assert.Equal(1 << 20, sparse.Length);
        }
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        fs.Fill();
        // Faulting the pages in would raise SIGBUS on the first page tmpfs cannot back; Populate must not touch them.
        var ex = Assert.Throws<IOException>(() => MappedFile.Open(path, new MapOptions { Populate = true }));
        Assert.Contains(path, ex.Message);
        Assert.Equal(1 << 20, new FileInfo(path).Length);

        // The same failure after a growth: the length is given back, a created file is gone.
        string small = Path.Combine(fs.Path, "small.bin");
        File.Delete(path);
        File.WriteAllBytes(small, TempDirectory.PatternBytes(4096));
        fs.Fill();
        fs.Free(16384); // room for the sparse growth's last page, not for the pages Populate reads in
        using (var file = MappedFile.Open(small, new MapOptions { Sparse = true, Populate = true }))
        {
            Assert.Contains(small, Assert.Throws<IOException>(() => file.Resize(1 << 20)).Message);
            Assert.Equal(4096, file.Length);
        }
        Assert.Equal(TempDirectory.PatternBytes(4096), File.ReadAllBytes(small));
        string created = Path.Combine(fs.Path, "created.bin");
        Assert.Throws<IOException>(() => MappedFile.Open(created, new MapOptions { Create = true, Length = 1 << 20, Sparse = true, Populate = true }));
        Assert.Equal(["filler", "small.bin"], fs.Names());
    }

    [Ext4Fact]
    public void OnExt4AFailedReservationLeavesTheLengthAndGivesTheSpaceBack()
    {
        using Mounts fs = Mounts.Ext4(8);
        string path = Path.Combine(fs.Path, "data.bin");
        File.WriteAllBytes(path, TempDirectory.PatternBytes(8192));
        long free = new DriveInfo(fs.Path).AvailableFreeSpace;
        using (var file = MappedFile.Open(path))
        {
            // ext4 allocates what it can before it fails: the length must not move, and the space comes back.
            AssertNamesPathAndSize(Assert.Throws<IOException>(() => file.Resize(64L << 20)), path, 64L << 20);
            Assert.Equal(8192, file.Length);
        }
        Assert.Equal(TempDirectory.PatternBytes(8192), File.ReadAllBytes(path));
        Assert.Equal(free, new DriveInfo(fs.Path).AvailableFreeSpace);
        Assert.Throws<IOException>(() => MappedFile.Open(Path.Combine(fs.Path, "new.bin"), new MapOptions { Create = true, Length = 64L << 20 }));
        Assert.Equal(["data.bin"], fs.Names());
        Assert.Equal(free, new DriveInfo(fs.Path).AvailableFreeSpace);
    }

    [Ext4Fact]
    public void OnAFileSystemWithoutFallocateMappedFileAsksForSparseAndPublishedFilesWriteZeros()
    {
        // ext4 without extents has no fallocate (EOPNOTSUPP), as some network and older file systems.
        using Mounts fs = Mounts.Ext4(8, "-O", "^extent,^64bit");
        string path = Path.Combine(fs.Path, "data.bin");
        var ex = Assert.Throws<IOException>(() => MappedFile.Open(path, new MapOptions { Create = true, Length = 1 << 16 }));
        Assert.Contains(path, ex.Message);
        Assert.Contains("MapOptions.Sparse", ex.Message);
        Assert.Empty(fs.Names());
        using (var sparse = MappedFile.Open(path, new MapOptions { Create = true, Length = 1 << 16, Sparse = true }))
        {
            sparse.WriteAt(100, [1]);
        }
        using (var counters = MappedCounters.Open(Path.Combine(fs.Path, "c.counters"), 8))
        {
            Assert.Equal(0, counters.GetAndIncrement(3));
        }
        Assert.Equal(["c.counters", "data.bin"], fs.Names());
    }
}
