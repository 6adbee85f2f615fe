using System.Diagnostics;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Nobody gets access they should not: created files are 0600 (as the real <c>stat</c> command
/// reports), a symbolic link planted where a file is to be created is never followed, opening can
/// refuse links, a read-only mapping is never written, and DeleteOnClose deletes only its own file.
/// </summary>
public sealed class FileSecurityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The three ways Emmap creates a file, by name.</summary>
    public static TheoryData<string> Creators => new() { "MappedFile", "MappedCounters", "LayoutFile" };

    private static IDisposable Create(string creator, string path, UnixFileMode? mode = null) => creator switch
    {
        "MappedFile" => MappedFile.Open(path, mode is { } m
            ? new MapOptions { Create = true, Length = 64, CreateMode = m }
            : new MapOptions { Create = true, Length = 64 }),
        "MappedCounters" => mode is { } m2 ? MappedCounters.Open(path, 4, CountersFormat.Emmap, m2) : MappedCounters.Open(path, 4),
        _ => LayoutFile<ServiceStats>.Open(path, mode is { } m3 ? new LayoutFileOptions { CreateMode = m3 } : null),
    };

    /// <summary>The file's permission bits as the <c>stat</c> command prints them (<c>stat -c %a</c>).</summary>
    private static string Stat(string path)
    {
        var info = new ProcessStartInfo("stat") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("%a");
        info.ArgumentList.Add(path);
        using Process stat = Process.Start(info)!;
        string output = stat.StandardOutput.ReadToEnd().Trim();
        Assert.True(stat.WaitForExit(60_000), "stat did not exit");
        Assert.Equal(0, stat.ExitCode);
        return output;
    }

    [LinuxTheory]
    [MemberData(nameof(Creators))]
    public void ACreatedFileIsMode0600AsStatReportsIt(string creator)
    {
        string path = _dir.File();
        using (Create(creator, path))
        {
            Assert.Equal("600", Stat(path));
        }
        string other = _dir.File("other.bin");
        using (Create(creator, other, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead))
        {
            Assert.Equal("640", Stat(other));
        }
    }

    [UnixTheory]
    [MemberData(nameof(Creators))]
    public void ADanglingSymlinkPlantedAtThePathIsNeverFollowed(string creator)
    {
        string victim = _dir.File("victim.bin");
        string path = _dir.File("planted.bin");
        File.CreateSymbolicLink(path, victim);
        var ex = Assert.Throws<IOException>(() => Create(creator, path).Dispose());
        Assert.Contains(path, ex.Message);
        Assert.Contains("symbolic link", ex.Message);
        Assert.False(File.Exists(victim), "The victim was created through the link.");
        Assert.Equal(victim, new FileInfo(path).LinkTarget);
        Assert.Equal(["planted.bin"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [UnixFact]
    public void RefuseSymlinksRefusesALinkToAnExistingFileAndNamesThePath()
    {
        string victim = _dir.File("victim.bin");
        using (LayoutFile<ServiceStats>.Open(victim))
        {
        }
        byte[] before = File.ReadAllBytes(victim);
        string link = _dir.File("link.bin");
        File.CreateSymbolicLink(link, victim);
        foreach (Action open in new Action[]
        {
            () => MappedFile.Open(link, new MapOptions { RefuseSymlinks = true }).Dispose(),
            () => MappedFile.Open(link, new MapOptions { RefuseSymlinks = true, Access = MapAccess.Read }).Dispose(),
            () => MappedFile.Open(link, new MapOptions { RefuseSymlinks = true, Create = true, Truncate = true, Length = 1 }).Dispose(),
            () => LayoutFile<ServiceStats>.Open(link, new LayoutFileOptions { RefuseSymlinks = true }).Dispose(),
            () => LayoutFile<ServiceStats>.Open(link, new LayoutFileOptions { RefuseSymlinks = true, Access = MapAccess.Read }).Dispose(),
        })
        {
            var ex = Assert.Throws<IOException>(open);
            Assert.Contains(link, ex.Message);
            Assert.Contains("RefuseSymlinks", ex.Message);
        }
        Assert.Equal(before, File.ReadAllBytes(victim));
        // Without the option a plain open of an existing file follows a link, as documented; an open
        // that may create (the default CreateIfMissing) never does.
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => LayoutFile<ServiceStats>.Open(link).Dispose()).Message);
        using (var followed = LayoutFile<ServiceStats>.Open(link, new LayoutFileOptions { CreateIfMissing = false }))
        {
            Assert.False(followed.Created); // it opened the victim the link points at
            Assert.Equal(before.Length, followed.File.Length);
        }
    }

    [UnixFact]
    public void CountersRefuseALinkWhenAskedAndNameThePath()
    {
        string victim = _dir.File("victim.counters");
        using (var counters = MappedCounters.Open(victim, 2))
        {
            counters.GetAndAdd(1, 7);
        }
        byte[] before = File.ReadAllBytes(victim);
        string link = _dir.File("link.counters");
        File.CreateSymbolicLink(link, victim);
        foreach (Action open in new Action[]
        {
            () => MappedCounters.Open(link, 2, refuseSymlinks: true).Dispose(),
            () => MappedCounters.OpenExisting(link, refuseSymlinks: true).Dispose(),
            () => MappedCounters.OpenExisting(link, MapAccess.Read, refuseSymlinks: true).Dispose(),
        })
        {
            var ex = Assert.Throws<IOException>(open);
            Assert.Contains(link, ex.Message);
        }
        Assert.Equal(before, File.ReadAllBytes(victim));
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => MappedCounters.Open(link, 2).Dispose()).Message); // it may create: never through a link
        using (var followed = MappedCounters.OpenExisting(link)) // a plain open of an existing file follows
        {
            Assert.Equal(7, followed.ReadVolatile(1));
        }
    }

    [Fact]
    public void RefuseSymlinksOpensRegularFilesAsUsual()
    {
        string path = _dir.Pattern(64);
        var refuse = new MapOptions { RefuseSymlinks = true };
        using (var file = MappedFile.Open(path, refuse))
        {
            Assert.Equal(TempDirectory.PatternBytes(64), file.ReadAt(0, 64));
            file.WriteAt(100, [7]); // grows
            file.Resize(32);        // shrinks: it holds the only lock
        }
        Assert.Equal(32, new FileInfo(path).Length);
        using (var readOnly = MappedFile.Open(path, new MapOptions { RefuseSymlinks = true, Access = MapAccess.Read }))
        {
            Assert.Throws<UnauthorizedAccessException>(() => readOnly.WriteAt(0, [1]));
        }
        Assert.Throws<FileNotFoundException>(() => MappedFile.Open(_dir.File("missing.bin"), refuse));
        Assert.ThrowsAny<UnauthorizedAccessException>(() => MappedFile.Open(_dir.Path, refuse));
        string layout = _dir.File("layout.bin");
        using (var created = LayoutFile<ServiceStats>.Open(layout, new LayoutFileOptions { RefuseSymlinks = true }))
        {
            Assert.True(created.Created);
            created.Layout.GetAndIncrementRequests();
        }
        using var reopened = LayoutFile<ServiceStats>.Open(layout, new LayoutFileOptions { RefuseSymlinks = true });
        Assert.Equal(1, reopened.Layout.Requests);
    }

    [Fact]
    public void AReadOnlyMappingIsNeverWrittenByAnyWritePath()
    {
        string path = _dir.Pattern(4096);
        byte[] before = File.ReadAllBytes(path);
        using (var file = MappedFile.Open(path, new MapOptions { Access = MapAccess.Read }))
        {
            MappedFileMembers.AssertEachThrows<UnauthorizedAccessException>(MappedFileMembers.Writes(file, 64));
            MappedFileMembers.AssertEachThrows<UnauthorizedAccessException>(MappedFileMembers.Writes(file, 4096)); // not a growth either
            using Stream stream = file.AsStream();
            Assert.False(stream.CanWrite);
            Assert.Throws<NotSupportedException>(() => stream.Write([1, 2]));
            Assert.Throws<NotSupportedException>(() => stream.WriteByte(1));
            Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
            Assert.Throws<NotSupportedException>(() => file.Resize(8192));
            // The mapping is PROT_READ: leases (writable Memory<byte>) and view writes are refused before any store.
            TestLayout view = file.Bind<TestLayout>(64);
            MappedFileMembers.AssertEachThrows<UnauthorizedAccessException>(
            [
                ("Lease", () => file.Lease(0, 8).Dispose()),
                ("view setter", () => view.State = 12345),
                ("view atomic", () => view.IncrementCounter()),
            ]);
            Assert.Equal(BitConverter.ToInt32(before, 72), view.State);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ReadOnlyCountersAndLayoutsNeverWriteTheFile()
    {
        string counters = _dir.File("counters.bin");
        using (var c = MappedCounters.Open(counters, 3))
        {
            c.Exchange(1, 42);
        }
        string layout = _dir.File("layout.bin");
        using (var l = LayoutFile<ServiceStats>.Open(layout))
        {
            l.Layout.GetAndIncrementRequests();
        }
        byte[] countersBefore = File.ReadAllBytes(counters);
        byte[] layoutBefore = File.ReadAllBytes(layout);
        using (var c = MappedCounters.OpenExisting(counters, MapAccess.Read))
        {
            MappedFileMembers.AssertEachThrows<UnauthorizedAccessException>(
            [
                ("GetAndIncrement", () => c.GetAndIncrement(1)),
                ("GetAndDecrement", () => c.GetAndDecrement(1)),
                ("Exchange", () => c.Exchange(1, 0)),
                ("GetAndAdd", () => c.GetAndAdd(1, 2)),
                ("GetAndSubtract", () => c.GetAndSubtract(1, 2)),
                ("GetAndAnd", () => c.GetAndAnd(1, 0)),
                ("GetAndOr", () => c.GetAndOr(1, 1)),
                ("CompareExchange", () => c.CompareExchange(1, 0, 42)),
                ("GetAndXor", () => c.GetAndXor(1, 42)),
                ("WriteVolatile", () => c.WriteVolatile(1, 42)),
            ]);
            Assert.Equal(42, c.ReadVolatile(1));
        }
        using (var l = LayoutFile<ServiceStats>.Open(layout, new LayoutFileOptions { Access = MapAccess.Read }))
        {
            ServiceStats stats = l.Layout;
            MappedFileMembers.AssertEachThrows<UnauthorizedAccessException>(
            [
                ("State setter", () => stats.State = 9),
                ("GetAndIncrementRequests", () => stats.GetAndIncrementRequests()),
            ]);
            Assert.Equal(0, stats.State);
            Assert.Equal(1, stats.Requests);
            Assert.Throws<UnauthorizedAccessException>(() => l.File.WriteAt(0, [1]));
        }
        Assert.Equal(countersBefore, File.ReadAllBytes(counters));
        Assert.Equal(layoutBefore, File.ReadAllBytes(layout));
    }

    [Fact]
    public void DeleteOnCloseDeletesOnlyTheFileThisHandleCreated()
    {
        var options = new MapOptions { Create = true, Length = 16, DeleteOnClose = true };
        string created = _dir.File("created.bin");
        MappedFile.Open(created, options).Dispose();
        Assert.False(File.Exists(created));

        string existing = _dir.Pattern(16, "existing.bin");
        MappedFile.Open(existing, options).Dispose();
        Assert.Equal(TempDirectory.PatternBytes(16), File.ReadAllBytes(existing));

        string replaced = _dir.File("replaced.bin");
        var file = MappedFile.Open(replaced, options);
        string other = _dir.Pattern(16, "other.bin");
        File.Move(other, replaced, overwrite: true); // someone else's file now has the name
        file.Dispose();
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(TempDirectory.PatternBytes(16), File.ReadAllBytes(replaced));
        }
    }
}
