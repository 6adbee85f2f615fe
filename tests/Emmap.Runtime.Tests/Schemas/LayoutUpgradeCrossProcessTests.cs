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
}
