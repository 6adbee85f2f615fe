using System.Diagnostics.Metrics;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Metrics;

/// <summary>
/// <see cref="MappedMetrics"/> seen through a <see cref="MeterListener"/>: the instruments report what
/// another process writes into a layout file or a counters file, counters as observable counters and
/// fields as gauges, under names from the layout's members (or the caller's); after the file is
/// disposed they report nothing and do not throw.
/// </summary>
public sealed class MappedMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Meter _meter = new("Emmap.Tests." + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _meter.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void LayoutMembersReportWhatAnotherProcessWrites()
    {
        string path = _dir.File("machine.layout");
        using TestProcess writer = TestProcess.Start("layout-machine-writer", path);
        Assert.Equal("wrote 1", writer.ReadLine());
        using var file = LayoutFile<MachineStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read });
        IReadOnlyList<Instrument> instruments = MappedMetrics.PublishLayout(_meter, file);
        using var collector = new MeasurementCollector(_meter);

        var first = collector.Collect();
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["Requests"] = 42, ["State"] = 1, ["Temperature"] = 36.5,
                ["LatencyBuckets.0"] = 1, ["LatencyBuckets.1"] = 2, ["LatencyBuckets.2"] = 3, ["LatencyBuckets.3"] = 4,
                ["History.0"] = 0, ["History.1"] = 3, ["Errors"] = 7,
                ["Leader.Jobs"] = 5, ["Leader.State"] = 2, ["Leader.Load"] = 0.25,
                ["Workers.0.Jobs"] = 11, ["Workers.0.State"] = 0, ["Workers.0.Load"] = 0,
                ["Workers.1.Jobs"] = 13, ["Workers.1.State"] = 3, ["Workers.1.Load"] = 0,
            },
            first.ToDictionary(m => m.Key, m => m.Value.Value));
        Assert.Equal(instruments.Select(i => i.Name).Order(), first.Keys.Order());
        Assert.IsType<ObservableCounter<long>>(first["Requests"].Instrument);
        Assert.IsType<ObservableCounter<long>>(first["Workers.1.Jobs"].Instrument);
        Assert.IsType<ObservableGauge<long>>(first["State"].Instrument);
        Assert.IsType<ObservableGauge<long>>(first["History.1"].Instrument);
        Assert.IsType<ObservableGauge<double>>(first["Temperature"].Instrument);
        Assert.IsType<ObservableGauge<double>>(first["Leader.Load"].Instrument);

        writer.WriteLine("go");
        Assert.Equal("wrote 2", writer.ReadLine());
        writer.WaitForSuccess();
        var second = collector.Collect();
        Assert.Equal((50, 40.0, 14), (second["Requests"].Value, second["Temperature"].Value, second["Workers.1.Jobs"].Value));
    }

    [Fact]
    public void CounterArraysReportEachElementAsACounter()
    {
        string path = _dir.File("workers.layout");
        using TestProcess writer = TestProcess.Start("counter-array-increment", path, "10");
        Assert.Equal("ready", writer.ReadLine());
        writer.WriteLine("go");
        Assert.Equal("done", writer.ReadLine());
        writer.WaitForSuccess();
        using var file = LayoutFile<WorkerCounters>.Open(path, new LayoutFileOptions { Access = MapAccess.Read });
        IReadOnlyList<Instrument> instruments = MappedMetrics.PublishLayout(_meter, file);
        using var collector = new MeasurementCollector(_meter);

        var seen = collector.Collect();
        Assert.Equal(
            ["PerWorker.0", "PerWorker.1", "PerWorker.2", "PerWorker.3", "Buckets.0", "Buckets.1", "Buckets.2", "Buckets.3", "Buckets.4", "Buckets.5", "Buckets.6", "Buckets.7"],
            instruments.Select(i => i.Name));
        Assert.All(instruments, i => Assert.IsType<ObservableCounter<long>>(i));
        // Every worker counted 10; buckets i % 8 over 10 increments: 0 and 1 twice, the rest once.
        Assert.Equal([10, 10, 10, 10, 2, 2, 1, 1, 1, 1, 1, 1], instruments.Select(i => seen[i.Name].Value));
    }

    [Fact]
    public void NamesCanBeChangedAndMembersLeftOut()
    {
        string path = _dir.File("machine.layout");
        using (TestProcess writer = TestProcess.Start("layout-machine-writer", path))
        {
            Assert.Equal("wrote 1", writer.ReadLine());
        }
        using var file = LayoutFile<MachineStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read });
        IReadOnlyList<Instrument> instruments = MappedMetrics.PublishLayout(_meter, file,
            member => member.StartsWith("Workers.", StringComparison.Ordinal) || member.StartsWith("LatencyBuckets.", StringComparison.Ordinal)
                ? null
                : "machine." + member.ToLowerInvariant());
        using var collector = new MeasurementCollector(_meter);

        Assert.Equal(
            ["machine.requests", "machine.state", "machine.temperature", "machine.history.0", "machine.history.1", "machine.errors",
             "machine.leader.jobs", "machine.leader.state", "machine.leader.load"],
            instruments.Select(i => i.Name));
        Assert.Equal(42, collector.Collect()["machine.requests"].Value);
    }

    [Theory]
    [InlineData(CountersFormat.Emmap)]
    [InlineData(CountersFormat.Padded)]
    public void CountersReportWhatAnotherProcessCounts(CountersFormat format)
    {
        string path = _dir.File("stats.counters");
        using (MappedCounters.Open(path, 3, format))
        {
        }
        using TestProcess writer = TestProcess.Start("counters-increment", path, format.ToString(), "3", "1", "1000");
        Assert.Equal("ready", writer.ReadLine());
        using MappedCounters counters = MappedCounters.OpenExisting(path, MapAccess.Read);
        IReadOnlyList<Instrument> instruments = MappedMetrics.PublishCounters(_meter, counters);
        using var collector = new MeasurementCollector(_meter);
        Assert.Equal(["counter.0", "counter.1", "counter.2"], instruments.Select(i => i.Name));
        Assert.All(instruments, i => Assert.IsType<ObservableCounter<long>>(i));
        Assert.Equal(0, collector.Collect()["counter.1"].Value);

        writer.WriteLine("go");
        Assert.StartsWith("done", writer.ReadLine());
        writer.WaitForSuccess();

        var seen = collector.Collect();
        Assert.Equal((0, 1000, 0), (seen["counter.0"].Value, seen["counter.1"].Value, seen["counter.2"].Value));
    }

    [Fact]
    public void CounterNamesCanBeChosenOrLeftOut()
    {
        using MappedCounters counters = MappedCounters.Open(_dir.File("named.counters"), 3);
        counters.GetAndAdd(2, 5);
        string?[] names = ["requests", null, "errors"];
        IReadOnlyList<Instrument> instruments = MappedMetrics.PublishCounters(_meter, counters, i => names[i]);
        using var collector = new MeasurementCollector(_meter);
        Assert.Equal(["requests", "errors"], instruments.Select(i => i.Name));
        Assert.Equal(5, collector.Collect()["errors"].Value);
    }

    [Fact]
    public void InstrumentsReportNothingOnceTheFilesAreDisposed()
    {
        var layoutFile = LayoutFile<MachineStats>.Open(_dir.File("machine.layout"));
        layoutFile.Layout.GetAndAddRequests(3);
        var counters = MappedCounters.Open(_dir.File("stats.counters"), 2);
        counters.GetAndIncrement(0);
        MappedMetrics.PublishLayout(_meter, layoutFile);
        MappedMetrics.PublishCounters(_meter, counters);
        using var collector = new MeasurementCollector(_meter);
        var before = collector.Collect();
        Assert.Equal((3, 1), (before["Requests"].Value, before["counter.0"].Value));

        layoutFile.Dispose();
        var between = collector.Collect();
        Assert.DoesNotContain("Requests", between.Keys);
        Assert.Contains("counter.0", between.Keys);

        counters.Dispose();
        Assert.Empty(collector.Collect()); // and nothing threw
    }

    [Fact]
    public void PublishingADisposedFileThrows()
    {
        var counters = MappedCounters.Open(_dir.File("gone.counters"), 1);
        counters.Dispose();
        Assert.Throws<ObjectDisposedException>(() => MappedMetrics.PublishCounters(_meter, counters));
    }
}
