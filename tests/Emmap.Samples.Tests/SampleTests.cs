namespace Emmap.Samples.Tests;

public class SampleTests
{
    [Fact]
    public void TourWalksThroughTheEmmapReadme()
    {
        string output = SampleRun.Output("Emmap.Tour");

        Assert.Contains("pread(5, 3)        -> \"one\"", output);
        Assert.Contains("GetAndAddInt64(0, 5)      -> previous 1", output);
        Assert.Contains("GetAndAddInt64(3, 1)      -> ArgumentException: Position 3 is misaligned", output);
        Assert.Contains("N1=0, N2=1, N3=6, N4=7, N5=9, N6=15", output);
        Assert.Contains("Requests=42, Errors=1, State=2, LastLatencyMs=1.5", output);
        foreach (string text in new[] { "test1", "test2", "test3" })
        {
            Assert.Contains($"child:  pwrite(0, \"{text}\")\nparent: Bin = \"{text}\"", output.ReplaceLineEndings("\n"));
        }
        Assert.Contains("child:  WaitForStateChange(0) ...\nparent: State = 3\nchild:  woke: State = 3", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CountersSamplePrintsTheSeedExample()
    {
        string output = SampleRun.Output("Emmap.Counters");
        Assert.Equal("N1=0, N2=1, N3=6, N4=7, N5=9, N6=15", output.Trim());
    }

    [Fact]
    public void TwoProcessesNumberEventsWithoutTakingANumberTwice()
    {
        string output = SampleRun.Output("Emmap.Counters", "number-events");
        Assert.Contains("40 events numbered 0 to 39: no number taken twice, none skipped", output);
        Assert.Contains("waited for the count to reach 40: woken by the last increment", output);
    }

    [Fact]
    public void SupervisorsTotalsAddUp()
    {
        string output = SampleRun.Output("Emmap.Supervisor");
        Assert.Contains("OK: the totals add up", output);
        Assert.Contains(", 0 where the total was not the workers' sum", output); // its live snapshots are consistent
    }

    [Fact]
    public void JobsSupervisorKilledTwiceMissesNoReport()
    {
        string output = SampleRun.Output("Emmap.Jobs", "3", "2000");
        Assert.Contains("supervisor 1 killed", output);
        Assert.Contains("supervisor 2 killed", output);
        Assert.Contains("supervisor: 6000 of 6000 jobs recorded", output);
        Assert.Contains("0 wrong results", output);
        Assert.Contains("OK: all 6000 jobs recorded once, across 2 supervisor kills", output);
    }

    [Fact]
    public void UpgradeSampleUpgradesTheFileWhileTheOldWorkerKeepsCounting()
    {
        string output = SampleRun.Output("Emmap.Upgrade").ReplaceLineEndings("\n");

        Assert.Contains("without AllowUpgrade: refused:\n  renamed Command: the file has Status: Field Int32 at 8 (4 bytes), the layout has Command: Field Int32 at 8 (4 bytes) (compatible)\n"
            + "  added Refunds: AtomicCounter Int64 at 16 (8 bytes) (compatible)\n  added LastOrderMs: Field Double at 64 (8 bytes) (compatible)\n"
            + "  size changed from 64 bytes to 128 bytes (compatible)\n", output);
        Assert.Contains("ShopStatsNarrowed: refused: retyped Orders: the file has Orders: AtomicCounter Int64 at 0 (8 bytes), the layout has Orders: AtomicCounter Int32 at 0 (4 bytes); resized Orders", output);
        Assert.Contains("with AllowUpgrade: upgraded in place to ShopStatsV2 (128 bytes", output);
        Assert.Contains("the file's schema now: Orders, Command, Refunds, LastOrderMs\n", output);
        Assert.Contains("OK: the old worker and the upgraded code shared one file; the totals add up", output);
    }

    [Fact]
    public void ExporterPublishesAnotherProcessesLayoutThroughOpenTelemetry()
    {
        string output = SampleRun.Output("Emmap.Exporter").ReplaceLineEndings("\n");

        Assert.Contains("instruments from ", output);
        Assert.Contains("(pid ", output);
        Assert.Contains("meter Emmap.Exporter): shop.orders, shop.status, shop.queuedepth, shop.latencyms, shop.failures\n", output);
        long[] orders = ExportedValues(output, "shop.orders", "LongSum").Select(long.Parse).ToArray();
        Assert.True(orders.Length >= 2, $"the console exporter exported {orders.Length} times in 2 s, every 0.5 s:\n{output}");
        Assert.True(orders[^1] > 0, "the shop process counts orders");
        Assert.Equal(orders.Order(), orders); // a sum another process keeps adding to
        Assert.All(ExportedValues(output, "shop.latencyms", "DoubleGauge"), value => Assert.Equal("12.5", value));
        Assert.All(ExportedValues(output, "shop.status", "LongGauge"), value => Assert.Equal("1", value)); // Serving
        string done = output.Split('\n').Single(line => line.StartsWith("done: orders ", StringComparison.Ordinal));
        Assert.True(long.Parse(done.Split(' ')[2].TrimEnd(',')) >= orders[^1], done);
    }

    /// <summary>The "Value: ..." of every block the console exporter printed for <paramref name="metric"/>.</summary>
    private static IEnumerable<string> ExportedValues(string output, string metric, string type)
    {
        string[] lines = output.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith($"Metric Name: {metric}, ", StringComparison.Ordinal))
            {
                Assert.EndsWith($"Metric Type: {type}", lines[i]);
                string value = lines.Skip(i).First(line => line.StartsWith("Value: ", StringComparison.Ordinal));
                yield return value["Value: ".Length..];
            }
        }
    }
}
