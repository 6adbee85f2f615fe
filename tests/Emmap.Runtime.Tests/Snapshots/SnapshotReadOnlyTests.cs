using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary>
/// A layout with a sequence lock opened read-only: snapshots read the writer's state live, and every
/// snapshot write (<c>WriteSnapshot</c>, <c>BeginUpdate()</c>) is refused by the view's one write path
/// with the path and "read-only" in the message, changing no byte, the lock included.
/// </summary>
public class SnapshotReadOnlyTests
{
    [Fact]
    public void ReadOnlyOpensReadSnapshotsAndRefuseEverySnapshotWrite()
    {
        using var dir = new TempDirectory();
        string path = dir.File("locked.layout");
        using var writable = LayoutFile<LockedStats>.Open(path);
        writable.Layout.UpdateOnce(id: 3);
        using var readOnly = LayoutFile<LockedStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read, CreateIfMissing = false });
        LockedStats view = readOnly.Layout;
        LockedStats.Snapshot seen = view.ReadSnapshot();
        Assert.Equal((1L, 3L), (seen.A, seen.B));
        byte[] before = File.ReadAllBytes(path);

        var write = Assert.Throws<UnauthorizedAccessException>(() => view.WriteSnapshot(seen with { A = 9 }));
        var update = Assert.Throws<UnauthorizedAccessException>(() => { using LockedStats.Update u = view.BeginUpdate(); });
        foreach (UnauthorizedAccessException e in new[] { write, update })
        {
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(view.Lock.IsWriting);

        writable.Layout.UpdateOnce(id: 4); // the writer is not blocked, and the reader sees it live
        Assert.Equal((2L, 4L), (view.ReadSnapshot().A, view.ReadSnapshot().B));
    }
}
