// Emmap.Exporter: publishes a layout file that another process writes through OpenTelemetry, with
// no code per member: MappedMetrics reads the layout's member list and makes each atomic counter an
// ObservableCounter and each field an ObservableGauge on a Meter. The console exporter prints them,
// so the sample runs offline; swap it for OTLP or Prometheus in a real service.
//
//   dotnet run --project samples/Emmap.Exporter                          demo: starts a shop process, exports for 2 s
//   dotnet run --project samples/Emmap.Exporter -- demo SECONDS           the same, for SECONDS
//   dotnet run --project samples/Emmap.Exporter -- export FILE [SECONDS]  export a ShopStats file someone else writes
//   dotnet run --project samples/Emmap.Exporter -- shop FILE [SECONDS]    be the shop: write FILE for SECONDS
//
// While it exports, `dotnet-counters monitor -p PID --counters Emmap.Exporter` shows the same
// instruments live (PID is the one the exporter prints; the meter is "Emmap.Exporter").

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Emmap;
using Emmap.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;

const string MeterName = "Emmap.Exporter";

switch (args)
{
    case ["shop", string shopPath, ..]:
        return Shop(shopPath, Seconds(args, 2, 30));
    case ["export", string exportPath, ..]:
        return Export(exportPath, Seconds(args, 2, 10));
    case []:
        return Demo(2);
    case ["demo", ..]:
        return Demo(Seconds(args, 1, 2));
    default:
        Console.Error.WriteLine("usage: Emmap.Exporter [export FILE [SECONDS] | shop FILE [SECONDS]]");
        return 2;
}

// Exports the file every half second for `seconds`, then once more, and stops.
static int Export(string path, double seconds)
{
    using var file = LayoutFile<ShopStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read });
    using var meter = new Meter(MeterName);
    // Instrument names: "shop." + the member's name in lower case (shop.orders, shop.latencyms, ...).
    IReadOnlyList<Instrument> instruments = MappedMetrics.PublishLayout(meter, file, member => "shop." + member.ToLowerInvariant());
    Console.WriteLine($"exporting {instruments.Count} instruments from {path} (pid {Environment.ProcessId}, meter {MeterName}): "
        + string.Join(", ", instruments.Select(i => i.Name)));
    MeterProvider provider = Sdk.CreateMeterProviderBuilder()
        .AddMeter(MeterName)
        .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 500)
        .Build();
    Thread.Sleep(TimeSpan.FromSeconds(seconds));
    provider.Dispose(); // exports one last time
    ShopStats stats = file.Layout;
    Console.WriteLine($"done: orders {stats.Orders}, failures {stats.Failures}, status {stats.Status}");
    return 0;
}

// The other process: creates the file, serves an order every 10 ms for `seconds`, then drains.
static int Shop(string path, double seconds)
{
    using var file = LayoutFile<ShopStats>.Open(path);
    ShopStats stats = file.Layout;
    stats.Status = ShopStatus.Serving;
    Console.WriteLine("serving");
    var clock = Stopwatch.StartNew();
    for (int i = 1; clock.Elapsed.TotalSeconds < seconds; i++)
    {
        stats.GetAndIncrementOrders();
        if (i % 10 == 0)
        {
            stats.GetAndIncrementFailures();
        }
        stats.QueueDepth = i % 7;
        stats.LatencyMs = 12.5;
        Thread.Sleep(10);
    }
    stats.Status = ShopStatus.Draining;
    Console.WriteLine("draining");
    return 0;
}

// Starts this program again as the shop, waits until it serves, and exports its file for `seconds`.
static int Demo(double seconds)
{
    string dir = Directory.CreateTempSubdirectory("emmap-exporter-").FullName;
    string path = Path.Combine(dir, "shop.stats");
    try
    {
        // The shop serves until it is stopped below; its own limit only bounds an orphan's life.
        using Process shop = StartSelf("shop", path, (seconds + 60).ToString(CultureInfo.InvariantCulture));
        try
        {
            if (shop.StandardOutput.ReadLine() != "serving")
            {
                Console.Error.WriteLine("the shop process did not start");
                return 1;
            }
            return Export(path, seconds);
        }
        finally
        {
            shop.Kill();
            shop.WaitForExit();
        }
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

static Process StartSelf(params string[] args)
{
    // "dotnet Emmap.Exporter.dll ..." or the apphost itself.
    string self = Environment.ProcessPath!;
    var info = new ProcessStartInfo(self) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        info.ArgumentList.Add(typeof(ShopStats).Assembly.Location);
    }
    foreach (string arg in args)
    {
        info.ArgumentList.Add(arg);
    }
    return Process.Start(info)!;
}

static double Seconds(string[] args, int index, double fallback) =>
    args.Length > index ? double.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
