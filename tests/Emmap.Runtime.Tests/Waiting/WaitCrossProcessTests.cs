namespace Emmap.Runtime.Tests.Waiting;

/// <summary>
/// Waits woken by writes in another real process (Emmap.TestProcess). The test knows a helper is
/// asleep (not merely about to call the wait) by its count in the side table. Every helper has a
/// deadline that fails the test instead of hanging; no assertion is about speed.
/// </summary>
public sealed class WaitCrossProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MappedFile NewFile(out string path)
    {
        path = _dir.File();
        return MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true });
    }

    public static TheoryData<int, string, bool> WakeCases => new()
    {
        { 4, "sync", false },  // a plain (volatile) store wakes a sleeping thread: the asymmetric fence at work
        { 8, "sync", true },   // an atomic
        { 4, "async", true },
        { 8, "async", false },
    };

    [LinuxTheory]
    [MemberData(nameof(WakeCases))]
    public void AWriteInThisProcessWakesAWaiterInAnother(int size, string mode, bool atomic)
    {
        using MappedFile file = NewFile(out string path);
        using var waiter = TestProcess.Start("wait-change", path, "64", size.ToString(), "0", mode, "60000");
        Assert.Equal("waiting Futex", waiter.ReadLine());
        WaitProbe.UntilWaiting(file, 64, 1);
        switch (size, atomic)
        {
            case (4, true): file.GetAndAddInt32(64, 7); break;
            case (4, false): file.WriteVolatileInt32(64, 7); break;
            case (_, true): file.GetAndAddInt64(64, 7); break;
            default: file.WriteVolatileInt64(64, 7); break;
        }
        Assert.Equal("woke 7", waiter.ReadLine());
        Assert.Equal("late 0", waiter.ReadLine());
        waiter.WaitForSuccess();
        Assert.Equal(0, WaitProbe.Waiters(file, 64));
    }

    [LinuxTheory]
    [InlineData("sync", 10_000)]
    [InlineData("async", 2_000)]
    public void TwoProcessesPlayPingPongWithoutLosingAWakeUp(string mode, int rounds)
    {
        using MappedFile file = NewFile(out string path);
        using var even = TestProcess.Start("wait-ping-pong", path, rounds.ToString(), "0", mode);
        using var odd = TestProcess.Start("wait-ping-pong", path, rounds.ToString(), "1", mode);
        Assert.Equal("ready", even.ReadLine());
        Assert.Equal("ready", odd.ReadLine());
        // A lost wake-up would leave a player asleep until its 500 ms cap: "late" counts those.
        Assert.Equal("done late 0", even.ReadLine());
        Assert.Equal("done late 0", odd.ReadLine());
        even.WaitForSuccess();
        odd.WaitForSuccess();
        Assert.Equal(2L * rounds, file.ReadVolatileInt64(0));
    }

    [LinuxFact]
    public void AHundredWaitersInFourProcessesAllWake()
    {
        using MappedFile file = NewFile(out string path);
        string[] modes = ["sync", "async", "sync", "async"];
        var helpers = modes.Select(mode => TestProcess.Start("wait-many", path, "128", "25", mode)).ToList();
        try
        {
            helpers.ForEach(h => Assert.Equal("waiting", h.ReadLine()));
            // 25 threads count themselves in each sync process; the async processes' one waiter thread counts once.
            WaitProbe.UntilWaiting(file, 128, 25 + 25 + 1 + 1);
            file.GetAndAddInt64(128, 1);
            helpers.ForEach(h => Assert.Equal("woke 25", h.ReadLine()));
            helpers.ForEach(h => h.WaitForSuccess());
        }
        finally
        {
            helpers.ForEach(h => h.Dispose());
        }
    }

    [LinuxFact]
    public void AWaiterKilledWhileAsleepLeavesWaitsAndNotifiesWorkingAndItsCountHeals()
    {
        using MappedFile file = NewFile(out string path);
        using (var doomed = TestProcess.Start("wait-change", path, "256", "8", "0", "sync", "60000"))
        {
            Assert.Equal("waiting Futex", doomed.ReadLine());
            WaitProbe.UntilWaiting(file, 256, 1);
            doomed.Kill(); // SIGKILL: it never counts itself out
        }
        Assert.True(WaitProbe.Waiters(file, 256) >= 1, "the killed waiter's count should still be there");

        using (var next = TestProcess.Start("wait-change", path, "256", "8", "0", "sync", "60000"))
        {
            Assert.Equal("waiting Futex", next.ReadLine());
            WaitProbe.UntilWaiting(file, 256, 2);
            file.WriteVolatileInt64(256, 1);
            Assert.Equal("woke 1", next.ReadLine());
            Assert.Equal("late 0", next.ReadLine());
            next.WaitForSuccess();
        }

        // Nobody waits now, yet the bucket's count says one does: a notify costs a wake call until a
        // write finds the count stale (no waiter has passed for 2 s) and resets it. A write looks at
        // its bucket only while someone on the machine waits (the total), and other tests' waiters
        // come and go, so a waiter of this test's own, on another file, keeps the total up until the
        // bucket has healed: without it the total can reach 0 first, the bucket stays stale, and the
        // next process to write while anyone waits pays for a wake.
        using MappedFile other = NewFile(out _);
        long keeperAt = Enumerable.Range(0, 64).Select(i => i * 8L).First(at => !WaitProbe.SameBucket(other, at, file, 256));
        using var stop = new CancellationTokenSource();
        Task<bool> keeper = Task.Run(() => other.WaitForChangeInt64(keeperAt, 0, TimeSpan.FromMinutes(1), stop.Token));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            WaitProbe.UntilWaiting(other, keeperAt, 1);
            Assert.True(WaitProbe.Waiters(file, 256) >= 1, "the killed waiter's count should still be there");
            while (WaitProbe.Waiters(file, 256) != 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the stale count never healed");
                file.WriteVolatileInt64(256, clock.ElapsedTicks);
                Thread.Sleep(50);
            }
        }
        finally
        {
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => keeper.GetAwaiter().GetResult());
        }
        string report = "busy";
        for (int attempt = 0; attempt < 3 && report == "busy"; attempt++)
        {
            using var writer = TestProcess.Start("notify-cost", path, "256");
            report = writer.ReadLine();
            writer.WaitForSuccess();
        }
        Assert.Equal("wakes 0", report); // healed: writes to the word make no system call again
    }

    [LinuxTheory]
    [InlineData("sync")]
    [InlineData("async")]
    public void ForcedPollingStillSeesAnotherProcesssWrite(string mode)
    {
        using MappedFile file = NewFile(out string path);
        var polling = new Dictionary<string, string> { ["EMMAP_WAIT_POLL"] = "1" };
        using var waiter = TestProcess.StartWith(polling, "wait-change", path, "64", "8", "0", mode, "60000");
        Assert.Equal("waiting Polling", waiter.ReadLine());
        Thread.Sleep(100); // not for correctness: so that the write usually lands while it polls
        Assert.Equal(0, WaitProbe.Waiters(file, 64)); // a polling waiter does not count itself in
        file.WriteVolatileInt64(64, 5);
        Assert.Equal("woke 5", waiter.ReadLine());
        waiter.WaitForSuccess();
    }

    [LinuxFact]
    public void NotifyingWithNobodyWaitingMakesNoSystemCall()
    {
        using MappedFile file = NewFile(out string path);
        string report = "busy";
        for (int attempt = 0; attempt < 3 && report == "busy"; attempt++)
        {
            using var writer = TestProcess.Start("notify-cost", path);
            report = writer.ReadLine();
            writer.WaitForSuccess();
        }
        Assert.Equal("wakes 0", report);
    }
}
