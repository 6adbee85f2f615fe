using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Links in shared directories: without <c>RefuseSymlinks</c>, a symbolic link at the path is never
/// followed when the call may create, truncate or change the length of the file, so a link planted
/// where a service creates its file cannot make it grow or rewrite the link's target. A plain open of
/// an existing file follows a link, as documented.
/// </summary>
public sealed class SymlinkPolicyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [UnixFact]
    public void ACallThatMayCreateTruncateOrResizeNeverFollowsALinkToAnExistingFile()
    {
        string victim = _dir.Pattern(4096, "victim.bin");
        string link = _dir.File("planted.bin");
        File.CreateSymbolicLink(link, victim);
        foreach ((string name, MapOptions options) in new (string, MapOptions)[]
        {
            ("Create + Length + Fit", new() { Create = true, Length = 1 << 20, Fit = true }),
            ("Create + Length", new() { Create = true, Length = 64 }),
            ("Truncate + Length", new() { Truncate = true, Length = 64 }),
            ("Length + Fit", new() { Length = 1 << 20, Fit = true }),
            ("Length", new() { Length = 4096 }),
        })
        {
            var ex = Assert.Throws<IOException>(() => MappedFile.Open(link, options).Dispose());
            Assert.True(ex.Message.Contains(link) && ex.Message.Contains("symbolic link"), $"{name}: {ex.Message}");
        }
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => MappedCounters.Open(link, 4).Dispose()).Message);
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => LayoutFile<ServiceStats>.Open(link).Dispose()).Message);
        Assert.Equal(TempDirectory.PatternBytes(4096), File.ReadAllBytes(victim));
        Assert.Equal(victim, new FileInfo(link).LinkTarget);
        Assert.Equal(["planted.bin", "victim.bin"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order());

        // A plain open of an existing file follows the link, read-write or read-only, and the
        // handle never grows or resizes the target.
        using (var plain = MappedFile.Open(link))
        {
            Assert.Equal(TempDirectory.PatternBytes(4096), plain.ReadAt(0, 4096));
            plain.WriteAt(0, [0]);
            plain.WriteAt(0, [0]); // writes inside reach the target
            Assert.Contains("symbolic link", Assert.Throws<ArgumentOutOfRangeException>(() => plain.WriteAt(4096, [1])).Message);
            Assert.Contains("symbolic link", Assert.Throws<NotSupportedException>(() => plain.Resize(8192)).Message);
            using Stream stream = plain.AsStream();
            stream.Position = 4096;
            Assert.Throws<NotSupportedException>(() => stream.Write([1]));
            plain.WriteAt(0, [0]);
        }
        Assert.Equal(4096, new FileInfo(victim).Length);
        Assert.Equal(0, File.ReadAllBytes(victim)[0]);
        using (var readOnly = MappedFile.Open(link, new MapOptions { Access = MapAccess.Read, Length = 4096 }))
        {
            Assert.Equal(4096, readOnly.Length);
        }
    }
}
