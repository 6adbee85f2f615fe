using System.Diagnostics;
using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary>
/// Snapshots of a layout with a sequence lock (<see cref="LockedStats"/>) shared by real processes:
/// readers in other processes never see a state no writer wrote in full (while field-by-field
/// reads of the same memory do), writers in different processes never lose or interleave an update,
/// and writers killed with SIGKILL in the middle of an update block no later reader or writer for
/// longer than the documented bound (<c>docs/reliability.md</c>).
/// </summary>
[Collection(RunsAlone.Name)]
public class SnapshotCrossProcessTests
{
    /// <summary>The documented bound on how long a dead writer holds up a later reader or writer.</summary>
    private static readonly TimeSpan DeadOwnerBound = TimeSpan.FromSeconds(1);

    /// <summary>A hang guard: far past every bound, so reaching it fails the test instead of hanging it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [LinuxFact]
    public void ReaderProcessesTakeAMillionConsistentSnapshotsEachWhileFieldByFieldReadsSeeTornStates()
    {
        using var dir = new TempDirectory();
        string path = dir.File("locked.layout");
        using (LayoutFile<LockedStats>.Open(path))
        {
        }
        using var writer = TestProcess.Start("snapshot-writer", path, "1", "0");
        using var first = TestProcess.Start("snapshot-reader", path, "1000000");
        using var second = TestProcess.Start("snapshot-reader", path, "1000000");
        try
        {
            Assert.Equal("ready", writer.ReadLine());
            Assert.Equal("ready", first.ReadLine());
            Assert.Equal("ready", second.ReadLine());
            first.WriteLine("go");
            second.WriteLine("go");
            foreach (Dictionary<string, long> result in new[] { Parse(first.ReadLine()), Parse(second.ReadLine()) })
            {
                Assert.Equal(1_000_000, result["snapshots"]);
                Assert.Equal(0, result["inconsistent"]);
                Assert.True(result["moved"] > 1, $"the writer wrote nothing while the reader took snapshots: {Show(result)}");
                Assert.True(result["torn"] > 0, $"field-by-field reads saw no torn state, so the snapshot check proves nothing: {Show(result)}");
            }
            first.WaitForSuccess();
            second.WaitForSuccess();
        }
        finally
        {
            writer.Kill();
        }
    }

    [LinuxFact]
    public void TwoWriterProcessesThroughUpdateScopesLoseAndInterleaveNothing()
    {
        const int PerWriter = 100_000;
        using var dir = new TempDirectory();
        string path = dir.File("locked.layout");
        using var file = LayoutFile<LockedStats>.Open(path);
        LockedStats stats = file.Layout;
        using var one = TestProcess.Start("snapshot-writer", path, "1", PerWriter.ToString(CultureInfo.InvariantCulture));
        using var two = TestProcess.Start("snapshot-writer", path, "2", PerWriter.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("ready", one.ReadLine());
        Assert.Equal("ready", two.ReadLine());

        // Read while they write: every snapshot is a whole update, and the count never goes back.
        Task<string> oneDone = Task.Run(one.ReadLine);
        Task<string> twoDone = Task.Run(two.ReadLine);
        long last = 0, snapshots = 0;
        var clock = Stopwatch.StartNew();
        while (!(oneDone.IsCompleted && twoDone.IsCompleted) && clock.Elapsed < HangGuard)
        {
            LockedStats.Snapshot snapshot = stats.ReadSnapshot();
            Assert.True(LockedStats.Consistent(snapshot), $"inconsistent snapshot {snapshot}");
            Assert.True(snapshot.A >= last, $"the count went back from {last} to {snapshot.A}");
            last = snapshot.A;
            snapshots++;
        }
        Assert.Equal("done", oneDone.Result);
        Assert.Equal("done", twoDone.Result);
        one.WaitForSuccess();
        two.WaitForSuccess();

        LockedStats.Snapshot final = stats.ReadSnapshot();
        Assert.True(LockedStats.Consistent(final), final.ToString());
        Assert.Equal(2 * PerWriter, final.A); // a lost update (two writers reading the same A) would leave less
        Assert.Equal(2 * PerWriter, final.Updates);
        Assert.Contains(final.B, new long[] { 1, 2 });
        Assert.Equal(4UL * PerWriter, stats.Lock.Sequence); // two steps per update, none skipped
        Assert.False(stats.Lock.HasAbandonedUpdate);
        Assert.True(snapshots > 0);
    }

    [LinuxFact]
    public void AHundredWritersKilledMidUpdateHoldUpNoLaterReaderOrWriterBeyondTheBound()
    {
        const int Rounds = 25, WritersPerRound = 4;
        using var dir = new TempDirectory();
        string path = dir.File("locked.layout");
        using var file = LayoutFile<LockedStats>.Open(path);
        LockedStats stats = file.Layout;
        var random = new Random(13);
        int abandoned = 0;
        TimeSpan slowestRead = TimeSpan.Zero, slowestWrite = TimeSpan.Zero;

        for (int round = 0; round < Rounds; round++)
        {
            var writers = new List<TestProcess>();
            try
            {
                for (int w = 0; w < WritersPerRound; w++)
                {
                    writers.Add(TestProcess.Start("snapshot-writer", path, (round * WritersPerRound + w + 10).ToString(CultureInfo.InvariantCulture), "0"));
                }
                foreach (TestProcess writer in writers)
                {
                    Assert.Equal("ready", writer.ReadLine());
                }
                foreach (TestProcess writer in writers)
                {
                    Thread.Sleep(random.Next(0, 4));
                    writer.Kill(); // SIGKILL at a random moment, most likely inside an update
                }
            }
            finally
            {
                foreach (TestProcess writer in writers)
                {
                    writer.Dispose();
                }
            }

            var clock = Stopwatch.StartNew();
            Assert.True(stats.TryReadSnapshot(out LockedStats.Snapshot read, HangGuard), "a reader hung on a dead writer");
            slowestRead = Max(slowestRead, clock.Elapsed);
            bool flagged = stats.Lock.HasAbandonedUpdate;
            Assert.True(flagged || LockedStats.Consistent(read), $"round {round}: a state nobody wrote in full, not flagged as abandoned: {read}");
            abandoned += flagged ? 1 : 0;

            clock.Restart();
            long next = stats.UpdateOnce(id: 1);
            slowestWrite = Max(slowestWrite, clock.Elapsed);
            Assert.Equal(read.A + 1, next);

            // A whole snapshot mends what an abandoned update may have left.
            stats.WriteSnapshot(stats.ReadSnapshot());
            Assert.False(stats.Lock.HasAbandonedUpdate);
            Assert.True(LockedStats.Consistent(stats.ReadSnapshot()));
        }

        Assert.True(slowestRead < DeadOwnerBound, $"the slowest reader after a kill took {slowestRead}");
        Assert.True(slowestWrite < DeadOwnerBound, $"the slowest writer after a kill took {slowestWrite}");
        Assert.True(abandoned > 0, "no writer was killed inside an update, so the takeover was never exercised");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static Dictionary<string, long> Parse(string line) =>
        line.Split(' ').Select(pair => pair.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));

    private static string Show(Dictionary<string, long> result) => string.Join(' ', result.Select(kv => kv.Key + "=" + kv.Value));
}
