using System.Diagnostics.Metrics;
using Emmap.Tests.Shared;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Emmap.Runtime.Tests.Metrics;

/// <summary>
/// <see cref="MappedMetrics"/> through an OpenTelemetry pipeline, as an exporter sees it: the
/// in-memory exporter receives the values another process wrote, as sums for counters and gauges
/// for fields; once the file is disposed the instruments export no points, and nothing throws.
/// </summary>
public sealed class OpenTelemetryBridgeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _meterName = "Emmap.Tests.Otel." + Guid.NewGuid().ToString("N");
    private readonly List<Metric> _exported = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ExporterSeesTheValuesAnotherProcessWrites()
    {
        string path = _dir.File("machine.layout");
        using TestProcess writer = TestProcess.Start("layout-machine-writer", path);
        Assert.Equal("wrote 1", writer.ReadLine());
        using var meter = new Meter(_meterName);
        using var file = LayoutFile<MachineStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read });
        MappedMetrics.PublishLayout(meter, file);
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meterName).AddInMemoryExporter(_exported).Build();

        var first = Export(provider);
        Assert.Equal((MetricType.LongSum, 42.0), first["Requests"]);
        Assert.Equal((MetricType.LongSum, 13.0), first["Workers.1.Jobs"]);
        Assert.Equal((MetricType.DoubleGauge, 36.5), first["Temperature"]);
        Assert.Equal((MetricType.LongGauge, (double)MachineState.Draining), first["Leader.State"]);

        writer.WriteLine("go");
        Assert.Equal("wrote 2", writer.ReadLine());
        writer.WaitForSuccess();
        var second = Export(provider);
        Assert.Equal((MetricType.LongSum, 50.0), second["Requests"]);
        Assert.Equal((MetricType.DoubleGauge, 40.0), second["Temperature"]);
    }

    [Fact]
    public void NoPointsAfterTheFileIsDisposed()
    {
        using var meter = new Meter(_meterName);
        var file = LayoutFile<MachineStats>.Open(_dir.File("machine.layout"));
        file.Layout.GetAndAddErrors(2);
        MappedMetrics.PublishLayout(meter, file);
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meterName).AddInMemoryExporter(_exported).Build();
        Assert.Equal((MetricType.LongSum, 2.0), Export(provider)["Errors"]);

        file.Dispose();

        Assert.Empty(Export(provider));
    }

    /// <summary>Collects and exports once; returns each metric's one point as (type, value).</summary>
    private Dictionary<string, (MetricType Type, double Value)> Export(MeterProvider provider)
    {
        _exported.Clear();
        Assert.True(provider.ForceFlush(10_000));
        var values = new Dictionary<string, (MetricType, double)>();
        foreach (Metric metric in _exported)
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                double value = metric.MetricType switch
                {
                    MetricType.LongSum => point.GetSumLong(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                    _ => throw new Xunit.Sdk.XunitException($"{metric.Name} is a {metric.MetricType}"),
                };
                values.Add(metric.Name, (metric.MetricType, value));
            }
        }
        return values;
    }
}
