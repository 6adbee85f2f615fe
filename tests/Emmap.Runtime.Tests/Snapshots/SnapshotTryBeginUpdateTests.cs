using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary><c>TryBeginUpdate</c>: a writer that must not wait forever for a live holder of the lock.</summary>
public sealed class SnapshotTryBeginUpdateTests
{
    [Fact]
    public void GivesUpWhileAnotherWriterHoldsTheLockAndBeginsOnceItIsFree()
    {
        using var dir = new TempDirectory();
        using var file = LayoutFile<LockedStats>.Open(dir.File("locked.layout"));
        LockedStats stats = file.Layout;
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using (LockedStats.Update update = stats.BeginUpdate())
            {
                update.A = 1;
                held.Set();
                release.Wait();
            }
        });
        holder.Start();
        try
        {
            Assert.True(held.Wait(TimeSpan.FromMinutes(1)), "the holder thread did not take the lock within a minute");
            ulong sequence = stats.Lock.Sequence;

            Assert.False(stats.TryBeginUpdate(TimeSpan.FromMilliseconds(50), out LockedStats.Update refused));
            refused.Dispose(); // an update that never began: disposing it does nothing
            Assert.False(stats.TryBeginUpdate(TimeSpan.Zero, out _));
            Assert.True(stats.Lock.IsWriting, "the refused attempts let the holder's lock go");
            Assert.Equal(sequence, stats.Lock.Sequence);
        }
        finally
        {
            release.Set();
            Assert.True(holder.Join(TimeSpan.FromMinutes(1)), "the holder thread did not finish within a minute");
        }

        Assert.True(stats.TryBeginUpdate(TimeSpan.Zero, out LockedStats.Update update));
        using (update)
        {
            update.B = 2;
        }
        Assert.Equal(1, stats.ReadSnapshot().A);
        Assert.Equal(2, stats.ReadSnapshot().B);
        Assert.False(stats.Lock.IsWriting);
        Assert.Throws<ArgumentOutOfRangeException>(() => stats.TryBeginUpdate(TimeSpan.FromSeconds(-2), out _));
    }
}
