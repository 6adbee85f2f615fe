using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary><c>TryBeginUpdate</c> and <c>TryWriteSnapshot</c>: writers that must not wait forever for a live holder of the lock.</summary>
public sealed class SnapshotBoundedWriterTests
{
    [Fact]
    public void GivesUpWhileAnotherWriterHoldsTheLockAndBeginsOnceItIsFree()
    {
        using var dir = new TempDirectory();
        using var file = LayoutFile<LockedStats>.Open(dir.File("locked.layout"));
        LockedStats stats = file.Layout;
        using (new LockHolder(stats))
        {
            ulong sequence = stats.Lock.Sequence;

            Assert.False(stats.TryBeginUpdate(TimeSpan.FromMilliseconds(50), out LockedStats.Update refused));
            refused.Dispose(); // an update that never began: disposing it does nothing
            Assert.False(stats.TryBeginUpdate(TimeSpan.Zero, out _));
            Assert.True(stats.Lock.IsWriting, "the refused attempts let the holder's lock go");
            Assert.Equal(sequence, stats.Lock.Sequence);
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

    [Fact]
    public void TryWriteSnapshotGivesUpWhileAnotherWriterHoldsTheLockWritingNothingAndWritesOnceItIsFree()
    {
        using var dir = new TempDirectory();
        using var file = LayoutFile<LockedStats>.Open(dir.File("locked.layout"));
        LockedStats stats = file.Layout;
        LockedStats.Snapshot value = stats.ReadSnapshot() with { A = 7, B = 8, C = 7 };
        using (new LockHolder(stats))
        {
            ulong sequence = stats.Lock.Sequence;

            Assert.False(stats.TryWriteSnapshot(value, TimeSpan.FromMilliseconds(50)));
            Assert.False(stats.TryWriteSnapshot(value, TimeSpan.Zero));
            Assert.True(stats.Lock.IsWriting, "the refused writes let the holder's lock go");
            Assert.Equal(sequence, stats.Lock.Sequence);
            Assert.Equal((1L, 0L, 0L), (stats.A, stats.B, stats.C)); // the holder's write, none of the refused ones
        }

        Assert.True(stats.TryWriteSnapshot(value, TimeSpan.Zero));
        Assert.Equal(value, stats.ReadSnapshot());
        Assert.False(stats.Lock.IsWriting);
        Assert.Throws<ArgumentOutOfRangeException>(() => stats.TryWriteSnapshot(value, TimeSpan.FromSeconds(-2)));
    }

    [LinuxFact]
    public void TryWriteSnapshotTakesTheLockOverFromADeadWriterWithoutWaitingForTheTimeout()
    {
        using var dir = new TempDirectory();
        string path = dir.File("locked.layout");
        using var file = LayoutFile<LockedStats>.Open(path);
        LockedStats stats = file.Layout;
        LockedStats.Snapshot value = stats.ReadSnapshot() with { A = 3, C = 3 };
        // A writer that died mid-update: the sequence odd, and in the owner word an identity no
        // process has (pid 0x7FFFFFF0 is above pid_max). The lock is the layout's first member.
        using (var raw = MappedFile.Open(path))
        {
            long lockAt = file.DataOffset;
            raw.WriteVolatileUInt64(lockAt + 8, ProcessIdentity.Pack(0x7FFF_FFF0, 1));
            raw.WriteVolatileUInt64(lockAt, raw.ReadVolatileUInt64(lockAt) + 1);
        }
        Assert.True(stats.Lock.IsWriting);

        Assert.True(stats.TryWriteSnapshot(value, TimeSpan.FromSeconds(30)));

        Assert.Equal(value, stats.ReadSnapshot());
        Assert.False(stats.Lock.HasAbandonedUpdate);
    }

    /// <summary>Another thread in an update that sets <c>A</c> to 1, from construction until disposal (which waits for it to finish).</summary>
    private sealed class LockHolder : IDisposable
    {
        private readonly ManualResetEventSlim _held = new();
        private readonly ManualResetEventSlim _release = new();
        private readonly Thread _thread;

        public LockHolder(LockedStats stats)
        {
            _thread = new Thread(() =>
            {
                using (LockedStats.Update update = stats.BeginUpdate())
                {
                    update.A = 1;
                    _held.Set();
                    _release.Wait();
                }
            });
            _thread.Start();
            Assert.True(_held.Wait(TimeSpan.FromMinutes(1)), "the holder thread did not take the lock within a minute");
        }

        public void Dispose()
        {
            _release.Set();
            Assert.True(_thread.Join(TimeSpan.FromMinutes(1)), "the holder thread did not finish within a minute");
            _held.Dispose();
            _release.Dispose();
        }
    }
}
