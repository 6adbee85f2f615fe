using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary>
/// Layout files shared by real processes: this test process and Emmap.TestProcess helpers, all
/// compiling the one tests/Shared/ServiceStats.cs, so they agree on its generated layout hash.
/// Processes are paced through stdin/stdout lines, never by sleeping.
/// </summary>
public class LayoutFileCrossProcessTests
{
    [Fact]
    public void TwoWriterProcessesAndThisOneShareOneLayoutFileAndAReaderSeesTheResult()
    {
        using var dir = new TempDirectory();
        string path = dir.File("stats.layout");

        using var first = TestProcess.Start("layout-stats-writer", path, "1000");
        Assert.Equal("ready created=True", first.ReadLine());
        using var second = TestProcess.Start("layout-stats-writer", path, "1000");
        Assert.Equal("ready created=False", second.ReadLine());
        using var here = LayoutFile<ServiceStats>.Open(path);
        Assert.False(here.Created);
        ServiceStats stats = here.Layout;
        Assert.Equal(0, stats.Requests);

        first.WriteLine("go");
        second.WriteLine("go");
        Assert.Equal("done", first.ReadLine());
        Assert.Equal("done", second.ReadLine());
        first.WaitForSuccess();
        second.WaitForSuccess();

        Assert.Equal(2000, stats.Requests);
        Assert.Equal(200, stats.Errors);
        Assert.Equal(1000, stats.State);
        Assert.Equal(500.0, stats.LastLatencyMs);

        stats.State = 42;
        stats.LastLatencyMs = 1.25;
        Assert.Equal(2000, stats.GetAndIncrementRequests());
        using var reader = TestProcess.Start("layout-stats-reader", path);
        Assert.Equal("requests=2001 errors=200 state=42 latency=1.25", reader.ReadLine());
        reader.WaitForSuccess();
    }

    [Fact]
    public void AProcessWithAChangedLayoutIsRefusedNamingBothHashesAndSizesAndTheFileIsUntouched()
    {
        using var dir = new TempDirectory();
        string path = dir.File("stats.layout");
        using (var file = LayoutFile<ServiceStats>.Open(path))
        {
            ServiceStats stats = file.Layout;
            stats.GetAndAddRequests(7);
            stats.State = 3;
        }
        byte[] before = File.ReadAllBytes(path);
        Assert.NotEqual(ServiceStats.LayoutHash, ServiceStatsV2.LayoutHash);

        using var v2 = TestProcess.Start("layout-open", path, "stats-v2");
        Assert.Equal("ready", v2.ReadLine());
        v2.WriteLine("go");
        string line = v2.ReadLine();
        v2.WaitForSuccess();

        Assert.StartsWith("mismatch ", line);
        Assert.Contains(path, line);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"hash 0x{ServiceStats.LayoutHash:X16} and size {ServiceStats.Size} bytes"), line);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"hash 0x{ServiceStatsV2.LayoutHash:X16} and size {ServiceStatsV2.Size} bytes"), line);
        Assert.Contains(nameof(ServiceStatsV2), line);
        Assert.Equal(before, File.ReadAllBytes(path));

        // And the other way round: a V2 file refuses this process's ServiceStats.
        string v2Path = dir.File("v2.layout");
        LayoutFile<ServiceStatsV2>.Open(v2Path).Dispose();
        byte[] v2Before = File.ReadAllBytes(v2Path);
        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<ServiceStats>.Open(v2Path));
        Assert.Equal((ServiceStats.LayoutHash, ServiceStatsV2.LayoutHash), (e.ExpectedHash, e.FoundHash));
        Assert.Equal(v2Before, File.ReadAllBytes(v2Path));
    }

    [Fact]
    public void ProcessesCreatingTheSameLayoutFileAtOnceAllEndWithOneValidFile()
    {
        const int Processes = 4;
        using var dir = new TempDirectory();
        string path = dir.File("race.layout");
        for (int round = 0; round < 3; round++)
        {
            File.Delete(path);
            var helpers = Enumerable.Range(0, Processes).Select(_ => TestProcess.Start("layout-open", path, "stats")).ToList();
            try
            {
                foreach (TestProcess helper in helpers)
                {
                    Assert.Equal("ready", helper.ReadLine());
                }
                foreach (TestProcess helper in helpers)
                {
                    helper.WriteLine("go");
                }
                var lines = helpers.Select(h => h.ReadLine()).ToList();
                helpers.ForEach(h => h.WaitForSuccess());

                Assert.All(lines, l => Assert.StartsWith("opened created=", l));
                Assert.Single(lines, l => l.StartsWith("opened created=True", StringComparison.Ordinal));
                Assert.Equal(
                    Enumerable.Range(0, Processes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToHashSet(),
                    lines.Select(l => l[(l.LastIndexOf('=') + 1)..]).ToHashSet());
                using var file = LayoutFile<ServiceStats>.Open(path, new LayoutFileOptions { CreateIfMissing = false });
                Assert.Equal(Processes, file.Layout.Requests);
                Assert.Equal(new[] { "race.layout" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
            }
            finally
            {
                helpers.ForEach(h => h.Dispose());
            }
        }
    }
}
