using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Schemas;

/// <summary>
/// Schema evolution across real processes (Emmap.TestProcess helpers, which compile the same
/// tests/Shared/EvolvingStats.cs): an old-layout and a new-layout process counting on one file at
/// once, and processes of three layout versions racing to create and upgrade fresh files.
/// </summary>
public sealed class LayoutUpgradeCrossProcessTests
{
    private static readonly LayoutFileOptions Upgrade = new() { AllowUpgrade = true };

    [LinuxFact]
    public void AnOldAndANewLayoutProcessIncrementOneFileAtOnceWithExactTotals()
    {
        using var dir = new TempDirectory();
        string path = dir.File("evolving.layout");
        const int Count = 20_000;

        using var old = TestProcess.Start("evolving-increment", path, "v1", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ready", old.ReadLine()); // created the file as v1, and keeps it mapped
        using var upgraded = TestProcess.Start("evolving-increment", path, "v2", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ready", upgraded.ReadLine()); // upgraded it to v2 in place

        old.WriteLine("go");
        upgraded.WriteLine("go");
        Assert.Equal("done", old.ReadLine());
        Assert.Equal("done", upgraded.ReadLine());
        old.WaitForSuccess();
        upgraded.WaitForSuccess();

        using var file = LayoutFile<EvolvingStatsV2>.Open(path);
        Assert.Equal((2L * Count, (long)Count, 0L), (file.Layout.Requests, file.Layout.Errors, file.Layout.Restarts));
        Assert.Equal(EvolvingStatsV2.LayoutHash, EmmapFileDescription.Read(path).LayoutHash);
    }

    [LinuxFact]
    public void EightProcessesOfThreeLayoutVersionsRacingToCreateAndUpgradeFiftyFilesEndWithOneValidFileEach()
    {
        using var dir = new TempDirectory();
        const int Rounds = 50;
        string[] versions = ["v1", "v2", "v3", "v1", "v2", "v3", "v1", "v3"];
        var processes = new List<TestProcess>();
        try
        {
            foreach (string version in versions)
            {
                processes.Add(TestProcess.Start("evolving-open-race", version));
            }
            Assert.All(processes, p => Assert.Equal("ready", p.ReadLine()));
            for (int round = 0; round < Rounds; round++)
            {
                string path = dir.File($"round-{round}.layout");
                foreach (TestProcess p in processes)
                {
                    p.WriteLine(path);
                }
                string[] answers = [.. processes.Select(p => p.ReadLine())];
                Assert.All(answers, a => Assert.StartsWith("ok ", a, StringComparison.Ordinal));
                Assert.Single(answers, a => a == "ok created=True");

                // One file, valid, of the newest version any process had, every increment counted.
                EmmapFileDescription description = EmmapFileDescription.Read(path);
                Assert.Null(description.Problem);
                Assert.Equal(EvolvingStatsV3.LayoutHash, description.LayoutHash);
                using var file = LayoutFile<EvolvingStatsV3>.Open(path);
                Assert.Equal(versions.Length, file.Layout.Requests);
                Assert.Equal([$"round-{round}.layout"], Directory.GetFiles(dir.Path, $"round-{round}*").Select(Path.GetFileName));
            }
            foreach (TestProcess p in processes)
            {
                p.WriteLine("exit");
            }
            Assert.All(processes, p => p.WaitForSuccess());
        }
        finally
        {
            foreach (TestProcess p in processes)
            {
                p.Dispose();
            }
        }
    }

    [LinuxFact]
    public void AnUpgraderKilledBeforePublishingLeavesTheOldSchemaAndTheNextUpgraderFinishes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("evolving.layout");
        using (var created = LayoutFile<EvolvingStatsV1>.Open(path))
        {
            EvolvingStatsV1 stats = created.Layout;
            stats.GetAndIncrementRequests();
            stats.State = 4;
        }

        using var upgrader = TestProcess.Start("evolving-upgrade-hang", path);
        Assert.Equal("written", upgrader.ReadLine()); // new schema in slot 1, lock held, not published

        // Meanwhile the old schema is current: the old layout opens, an exact reader sees generation 0.
        using (var v1 = LayoutFile<EvolvingStatsV1>.Open(path))
        {
            Assert.Equal((1L, 4), (v1.Layout.Requests, v1.Layout.State));
        }
        Assert.Equal(EvolvingStatsV1.LayoutHash, EmmapFileDescription.Read(path).LayoutHash);

        // Another upgrader waits for the header lock; the kill releases it, and this one upgrades.
        Task<long> second = Task.Run(() =>
        {
            using var v2 = LayoutFile<EvolvingStatsV2>.Open(path, Upgrade);
            return v2.Layout.GetAndIncrementRequests();
        });
        Assert.False(second.Wait(TimeSpan.FromMilliseconds(200)), "the second upgrader did not wait for the first one's lock");
        upgrader.Kill();
        Assert.True(second.Wait(TimeSpan.FromSeconds(30)), "the second upgrader did not finish after the first was killed");
        Assert.Equal(1L, second.Result);

        EmmapFileDescription description = EmmapFileDescription.Read(path);
        Assert.Null(description.Problem);
        Assert.Equal(EvolvingStatsV2.LayoutHash, description.LayoutHash);
        using var file = LayoutFile<EvolvingStatsV2>.Open(path);
        Assert.Equal((2L, 4, 0L, 0L), (file.Layout.Requests, file.Layout.State, file.Layout.Errors, file.Layout.Restarts));
    }
}
