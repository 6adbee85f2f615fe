using System.Diagnostics;
using Emmap.Generators.Tests.Layouts;

namespace Emmap.Generators.Tests;

/// <summary>
/// A layout with a <c>[SequenceLock]</c>, implemented by the generator at build time and used against
/// real mapped memory: its <c>Snapshot</c> value, <c>ReadSnapshot()</c>, <c>TryReadSnapshot</c>,
/// <c>WriteSnapshot</c>, update scopes, and what readers and writers do about a dead owner.
/// (Cross-process consistency is tested in <c>Emmap.Runtime.Tests</c>' <c>SnapshotCrossProcessTests</c>.)
/// </summary>
public sealed class SnapshotLayoutTests : IDisposable
{
    private const long Base = 256;
    private readonly MappedFile _file = MappedFile.CreateAnonymous(4096);

    public void Dispose() => _file.Dispose();

    private Guarded Bind() => _file.Bind<Guarded>(Base);

    private static Guarded.Snapshot Sample()
    {
        var samples = default(Guarded.Snapshot.SamplesValues);
        samples[0] = 1; samples[1] = -2; samples[2] = 3; samples[3] = int.MaxValue;
        var history = default(Guarded.Snapshot.HistoryValues);
        history[1] = new Window.Snapshot { Low = 5, High = 6, Open = true };
        var buckets = default(Guarded.Snapshot.BucketsValues);
        buckets[2] = uint.MaxValue;
        return new Guarded.Snapshot
        {
            Requests = 42, State = 7, Phase = Phase.Running, LastLatencyMs = 1.5,
            Window = new Window.Snapshot { Low = -1, High = 1, Open = true },
            Samples = samples, History = history, Buckets = buckets, Flag = true,
        };
    }

    [Fact]
    public void WriteSnapshotWritesEveryMemberWhereItsPropertyReadsIt()
    {
        Guarded guarded = Bind();
        guarded.WriteSnapshot(Sample());

        Assert.Equal(42, guarded.Requests);
        Assert.Equal(7, _file.ReadVolatileInt32(Base + 24));
        Assert.Equal(Phase.Running, guarded.Phase);
        Assert.Equal(1.5, guarded.LastLatencyMs);
        Assert.Equal((-1, 1, true), (guarded.Window.Low, guarded.Window.High, guarded.Window.Open));
        Assert.Equal(int.MaxValue, guarded.Samples[3]);
        Assert.Equal(6, guarded.History[1].High);
        Assert.Equal(uint.MaxValue, guarded.Buckets.ReadVolatile(2));
        Assert.True(guarded.Flag);
        Assert.Equal(Sample(), guarded.ReadSnapshot());
        Assert.Equal(Sample(), guarded.ReadFieldByField());
    }

    [Fact]
    public void SnapshotIsAComparableLoggableValue()
    {
        Guarded.Snapshot a = Sample();
        Guarded.Snapshot b = Sample();
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Guarded.Snapshot changed = a with { State = 8 };
        Assert.NotEqual(a, changed);
        var samples = a.Samples;
        samples[2] = 4;
        Assert.NotEqual(a, a with { Samples = samples });
        Assert.NotEqual(a, a with { History = default });

        string text = a.ToString();
        Assert.Contains("State = 7", text, StringComparison.Ordinal);
        Assert.Contains("Samples = [1, -2, 3, 2147483647]", text, StringComparison.Ordinal);
        Assert.Contains("Low = 5, High = 6, Open = True", text, StringComparison.Ordinal);
        Assert.Equal(4, a.Samples.Length);
    }

    [Fact]
    public void AnUpdateScopeIsOneWriteToTheSequence()
    {
        Guarded guarded = Bind();
        ulong before = guarded.Lock.Sequence;
        Assert.Equal(0UL, before % 2);
        using (Guarded.Update update = guarded.BeginUpdate())
        {
            Assert.True(guarded.Lock.IsWriting);
            Assert.Equal(Environment.ProcessId, guarded.Lock.OwnerProcessId);
            update.State = 2;
            update.LastLatencyMs = 3;
            MappedArray<int> samples = update.Layout.Samples;
            samples[0] = 9;
            update.Layout.GetAndIncrementRequests();
            Assert.False(guarded.TryReadSnapshot(out _, TimeSpan.Zero));
        }
        Assert.False(guarded.Lock.IsWriting);
        Assert.Equal(0, guarded.Lock.OwnerProcessId);
        Assert.Equal(before + 2, guarded.Lock.Sequence);
        Assert.True(guarded.TryReadSnapshot(out Guarded.Snapshot after, TimeSpan.Zero));
        Assert.Equal((2, 3.0, 9, 1L), (after.State, after.LastLatencyMs, after.Samples[0], after.Requests));
    }

    [Fact]
    public void DisposingAnUpdateTwiceReleasesItOnce()
    {
        Guarded guarded = Bind();
        Guarded.Update first = guarded.BeginUpdate();
        first.Dispose();
        using (guarded.BeginUpdate())
        {
            first.Dispose(); // must not end the second update
            Assert.True(guarded.Lock.IsWriting);
        }
        Assert.Equal(4UL, guarded.Lock.Sequence);
    }

    [Fact]
    public void TryReadSnapshotGivesUpWhileALiveWriterHoldsTheLock()
    {
        Guarded guarded = Bind();
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using Guarded.Update update = guarded.BeginUpdate();
            update.State = 1;
            holding.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        });
        writer.Start();
        try
        {
            Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));
            var clock = Stopwatch.StartNew();
            Assert.False(guarded.TryReadSnapshot(out Guarded.Snapshot none, TimeSpan.FromMilliseconds(50)));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(50));
            Assert.Equal(default, none);
        }
        finally
        {
            release.Set();
            Assert.True(writer.Join(TimeSpan.FromSeconds(30)));
        }
        Assert.True(guarded.TryReadSnapshot(out Guarded.Snapshot read, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, read.State);
        Assert.Throws<ArgumentOutOfRangeException>(() => guarded.TryReadSnapshot(out _, TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void ADeadOwnerMidUpdateIsReadAsLeftThenTakenOverAndFlagged()
    {
        Guarded guarded = Bind();
        guarded.WriteSnapshot(Sample());
        // A process id above pid_max names no process: the owner is dead, mid-update (odd sequence).
        ulong dead = (0x3FFF_FFF0UL << 32) | 12345;
        ulong sequence = _file.ReadVolatileUInt64(Base);
        _file.WriteVolatileUInt64(Base + 8, dead);
        _file.WriteVolatileUInt64(Base, sequence + 1);
        _file.WriteVolatileInt32(Base + 24, 99); // the half-written update

        var clock = Stopwatch.StartNew();
        Guarded.Snapshot read = guarded.ReadSnapshot();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(99, read.State); // as the dead writer left it
        Assert.True(guarded.Lock.HasAbandonedUpdate);

        using (Guarded.Update update = guarded.BeginUpdate())
        {
            update.LastLatencyMs = 8;
        }
        Assert.Equal(0UL, guarded.Lock.Sequence % 2);
        Assert.True(guarded.Lock.HasAbandonedUpdate); // a partial update does not mend the rest
        Assert.Equal(8, guarded.ReadSnapshot().LastLatencyMs);

        guarded.WriteSnapshot(Sample());
        Assert.False(guarded.Lock.HasAbandonedUpdate);
        Assert.Equal(Sample(), guarded.ReadSnapshot());
    }

    [Fact]
    public void ADeadOwnerBetweenUpdatesIsTakenOverWithoutAFlag()
    {
        Guarded guarded = Bind();
        _file.WriteVolatileUInt64(Base + 8, (0x3FFF_FFF0UL << 32) | 1);
        var clock = Stopwatch.StartNew();
        using (Guarded.Update update = guarded.BeginUpdate())
        {
            update.State = 5;
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.False(guarded.Lock.HasAbandonedUpdate);
        Assert.Equal(5, guarded.ReadSnapshot().State);
    }

    [Fact]
    public void ReadingAndUpdatingAllocateNothing()
    {
        Guarded guarded = Bind();
        guarded.WriteSnapshot(Sample());
        long sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += guarded.ReadSnapshot().State;
            using Guarded.Update update = guarded.BeginUpdate();
            update.State = i;
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            sum += guarded.ReadSnapshot().Samples[1];
            guarded.TryReadSnapshot(out Guarded.Snapshot s, TimeSpan.FromSeconds(1));
            sum += s.State;
            using Guarded.Update update = guarded.BeginUpdate();
            update.State = i;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void MembersListTheLock()
    {
        LayoutMemberInfo info = Assert.Single(IMappedLayoutMembers<Guarded>(), m => m.Kind == LayoutMemberKind.SequenceLock);
        Assert.Equal(("Lock", 0, 16, typeof(SequenceLock)), (info.Name, info.Offset, info.Size, info.Type));
    }

    private static IReadOnlyList<LayoutMemberInfo> IMappedLayoutMembers<T>() where T : struct, IMappedLayout<T> => T.Members;
}
