using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Creating a file leaves no debris and accepts every legal name: a counters or layout file is
/// written unnamed (<c>O_TMPFILE</c>) and linked into place, so a process killed mid-creation leaves
/// either nothing or a complete file; where named unpublished files are used, a later create deletes
/// those of dead creators (and never those of live ones); and every exception names the user's path.
/// </summary>
public sealed class CreationDebrisTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] Names() => Directory.GetFileSystemEntries(_dir.Path).Select(p => Path.GetFileName(p)!).Order().ToArray();

    [Fact]
    public void ANameOfTheLongestLegalLengthIsCreatedByEveryCreator()
    {
        string name = new string('n', 250) + ".bin"; // 254 bytes: NAME_MAX is 255
        string path = _dir.File(name);
        using (var counters = MappedCounters.Open(path, 4))
        {
            Assert.True(counters.Created);
        }
        File.Delete(path);
        using (var layout = LayoutFile<ServiceStats>.Open(path))
        {
            Assert.True(layout.Created);
        }
        File.Delete(path);
        using (var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 }))
        {
            Assert.True(file.Created);
        }
        Assert.Equal([name], Names());
    }

    [Fact]
    public void AMissingDirectoryIsReportedWithTheUsersPath()
    {
        string path = Path.Combine(_dir.Path, "missing", "stats.layout");
        foreach (Action create in new Action[]
        {
            () => MappedCounters.Open(path, 4).Dispose(),
            () => LayoutFile<ServiceStats>.Open(path).Dispose(),
            () => MappedFile.Open(path, new MapOptions { Create = true, Length = 64 }).Dispose(),
        })
        {
            var ex = Assert.Throws<DirectoryNotFoundException>(create);
            Assert.Contains(path, ex.Message);
            Assert.DoesNotContain(".emmap-", ex.Message);
        }
        Assert.Empty(Names());
    }

    [LinuxTheory]
    [InlineData("unnamed")]
    [InlineData("named")]
    public void AProcessKilledWhileCreatingLeavesNothingOrACompleteFile(string mode)
    {
        var random = new Random(20261201);
        for (int kill = 0; kill < 10; kill++)
        {
            using (var creator = TestProcess.Start("create-until-killed", _dir.Path, mode))
            {
                Assert.Equal("ready", creator.ReadLine());
                Thread.Sleep(random.Next(0, 20)); // a random moment (not a synchronisation): mostly mid-create
                creator.Kill();
            }
            // What is at the paths is complete: it opens without creating, or it is absent.
            foreach (string name in Names())
            {
                string path = _dir.File(name);
                switch (name)
                {
                    case "c.counters":
                        using (var counters = MappedCounters.OpenExisting(path))
                        {
                            Assert.Equal(1 << 16, counters.Count);
                        }
                        break;
                    case "s.layout":
                        LayoutFile<ServiceStats>.Open(path, new LayoutFileOptions { CreateIfMissing = false }).Dispose();
                        break;
                    default:
                        // A named unpublished file of the killed creator: the next create deletes it.
                        Assert.Equal("named", mode);
                        Assert.StartsWith(".emmap-", name);
                        break;
                }
            }
            // A later create in the directory deletes the killed creator's unpublished file. Its lock
            // goes when the kernel drops the last reference to that file, and the dead process's
            // mapping of it can be torn down a moment after the process is reaped (another process
            // reading its /proc entries holds its memory map), so a create may still find it held:
            // creates are repeated until one finds it free, within a deadline.
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                MappedCounters.Open(_dir.File("next.counters"), 2).Dispose();
                File.Delete(_dir.File("next.counters"));
                if (!Names().Any(n => n.Contains(".emmap-", StringComparison.Ordinal)) || deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    break;
                }
                Thread.Sleep(20);
            }
            string[] left = Names().Where(n => n.Contains(".emmap-", StringComparison.Ordinal)).ToArray();
            Assert.True(left.Length == 0, $"Left after 30 s of creates: {string.Join(", ", left)}; {LockHolders.Describe(left.Select(_dir.File))}");
            foreach (string name in Names())
            {
                File.Delete(_dir.File(name));
            }
        }
    }

    [LinuxFact]
    public void ALaterCreateDeletesAbandonedUnpublishedFilesButNotALiveCreatorsOne()
    {
        string abandoned = _dir.File(".emmap-0123456789abcdef.tmp");
        File.WriteAllBytes(abandoned, new byte[4096]);
        string live = _dir.File(".emmap-fedcba9876543210.tmp");
        File.WriteAllBytes(live, new byte[4096]);
        string unrelated = _dir.File(".emmap-notes.txt");
        File.WriteAllBytes(unrelated, [1]);
        using (var holder = new FileStream(live, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            Assert.True(Native.TryLockExclusive(holder.SafeFileHandle.DangerousGetHandle())); // as a creator holds its file
            int directory = Native.Open(_dir.Path, Native.OpenReadOnly | Native.OpenDirectory, 0, out int errno);
            Assert.True(directory >= 0, $"errno {errno}");
            try
            {
                TemporaryFiles.DeleteAbandoned(directory, _dir.Path); // what a create does before it makes a named one
            }
            finally
            {
                Native.Close(directory);
            }
            Assert.False(File.Exists(abandoned));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(unrelated));
        }
    }
}
