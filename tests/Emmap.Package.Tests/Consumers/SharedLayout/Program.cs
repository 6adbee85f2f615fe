// Two processes share one typed layout file and one counters file: the parent creates both, starts
// this program again as a child that updates them, and prints what it then reads.
using System.Diagnostics;
using System.Globalization;
using Emmap;
using SharedLayout;

const int ChildIncrements = 1000;

if (args is ["child", string childLayoutPath, string childCountersPath])
{
    using var childFile = LayoutFile<WorkerStats>.Open(childLayoutPath, new LayoutFileOptions { CreateIfMissing = false });
    WorkerStats shared = childFile.Layout;
    for (int i = 0; i < ChildIncrements; i++)
    {
        shared.GetAndIncrementRequests();
    }
    shared.GetAndAddErrors(3);
    shared.State = 42;
    shared.LastLatencyMs = 1.5;
    using var childCounters = MappedCounters.OpenExisting(childCountersPath);
    long before = childCounters.GetAndAdd(1, 5);
    Console.WriteLine($"child: created={childFile.Created} counter1-before={before}");
    return 0;
}

if (args is ["write", string writeDirectory])
{
    // Leaves a layout file and a padded counters file in the folder, for the emmap tool to read.
    using var written = LayoutFile<WorkerStats>.Open(Path.Combine(writeDirectory, "worker.stats"));
    WorkerStats writtenStats = written.Layout;
    writtenStats.GetAndAddRequests(7);
    writtenStats.State = 3;
    using var writtenCounters = MappedCounters.Open(Path.Combine(writeDirectory, "worker.counters"), 2, CountersFormat.Padded);
    writtenCounters.GetAndAdd(1, 9);
    Console.WriteLine($"wrote hash=0x{WorkerStats.LayoutHash:X16}");
    return 0;
}

string dir = Directory.CreateTempSubdirectory("emmap-consumer-").FullName;
try
{
    string layoutPath = Path.Combine(dir, "worker.stats");
    string countersPath = Path.Combine(dir, "worker.counters");
    using var file = LayoutFile<WorkerStats>.Open(layoutPath);
    WorkerStats stats = file.Layout;
    stats.GetAndIncrementRequests();
    using var counters = MappedCounters.Open(countersPath, 2);
    counters.GetAndIncrement(0);
    counters.GetAndIncrement(1);
    Console.WriteLine($"parent: created={file.Created} size={WorkerStats.Size} hash=0x{WorkerStats.LayoutHash:X16}");

    int exitCode = RunChild(layoutPath, countersPath);
    Console.WriteLine($"child exit={exitCode}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"parent sees: requests={stats.Requests} errors={stats.Errors} state={stats.State} latency={stats.LastLatencyMs} counters={counters.ReadVolatile(0)},{counters.ReadVolatile(1)}"));
    return exitCode;
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static int RunChild(string layoutPath, string countersPath)
{
    // Started as `dotnet SharedLayout.dll` or through the apphost: start the child the same way.
    string host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
    var start = new ProcessStartInfo(host) { UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(host) == "dotnet")
    {
        start.ArgumentList.Add(typeof(WorkerStats).Assembly.Location);
    }
    start.ArgumentList.Add("child");
    start.ArgumentList.Add(layoutPath);
    start.ArgumentList.Add(countersPath);
    using Process child = Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
    if (!child.WaitForExit(TimeSpan.FromMinutes(1)))
    {
        child.Kill(entireProcessTree: true);
        throw new TimeoutException("the child process did not finish within a minute");
    }
    return child.ExitCode;
}
