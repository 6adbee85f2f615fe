// Emmap.Upgrade: a layout file upgraded in place while a process running the old layout keeps using it.
//
//   dotnet run --project samples/Emmap.Upgrade
//
// A worker process built with ShopStatsV1 counts orders. Meanwhile this process, built with
// ShopStatsV2 (two members added, one renamed with its former name), opens the same file: first
// without LayoutFileOptions.AllowUpgrade (refused, naming what changed), then with it (upgraded in
// place), and counts orders and refunds too. The worker never stops; the totals add up.
using System.Diagnostics;
using Emmap;
using Emmap.Upgrade;

if (args is ["old-worker", string workerPath])
{
    return OldWorker(workerPath);
}

string path = Path.Combine(Path.GetTempPath(), $"emmap-upgrade-sample-{Environment.ProcessId}.layout");
TimeSpan patience = TimeSpan.FromSeconds(30);
try
{
    using (var created = LayoutFile<ShopStatsV1>.Open(path))
    {
        Console.WriteLine($"created {Path.GetFileName(path)} with ShopStatsV1 ({ShopStatsV1.Size} bytes)");
    }

    using Process worker = StartSelf("old-worker", path);
    Console.WriteLine($"worker {worker.Id}: {worker.StandardOutput.ReadLine()}");

    // Without the option: refused, every change named, the file unchanged.
    try
    {
        LayoutFile<ShopStatsV2>.Open(path).Dispose();
    }
    catch (LayoutMismatchException e)
    {
        Console.WriteLine("without AllowUpgrade: refused:");
        foreach (LayoutChange change in e.Changes)
        {
            Console.WriteLine($"  {change}{(change.IsCompatible ? " (compatible)" : string.Empty)}");
        }
    }

    // An incompatible change is refused whatever the options.
    try
    {
        LayoutFile<ShopStatsNarrowed>.Open(path, new LayoutFileOptions { AllowUpgrade = true }).Dispose();
    }
    catch (LayoutMismatchException e)
    {
        Console.WriteLine($"ShopStatsNarrowed: refused: {string.Join("; ", e.Changes)}");
    }

    using var file = LayoutFile<ShopStatsV2>.Open(path, new LayoutFileOptions { AllowUpgrade = true });
    ShopStatsV2 stats = file.Layout;
    Console.WriteLine($"with AllowUpgrade: upgraded in place to ShopStatsV2 ({ShopStatsV2.Size} bytes, file {file.File.Length} bytes, data still at {file.DataOffset})");
    Console.WriteLine($"the file's schema now: {string.Join(", ", EmmapFileDescription.Read(path).Schema!.Members.Select(m => m.Name))}");

    const int Mine = 500;
    for (int i = 0; i < Mine; i++)
    {
        stats.GetAndIncrementOrders();
        if (i % 10 == 0)
        {
            stats.GetAndIncrementRefunds();
        }
        stats.LastOrderMs = 2.5;
    }
    // The worker still counts on version 1 of the layout: wait until it has counted a few orders too.
    if (!stats.WaitUntilOrdersAtLeast(Mine + 100, patience))
    {
        Console.Error.WriteLine("The worker stopped counting.");
        return 1;
    }
    stats.Command = 1; // the worker's Status: stop
    if (!worker.WaitForExit(patience) || worker.ExitCode != 0)
    {
        Console.Error.WriteLine($"The worker failed: {worker.StandardError.ReadToEnd()}");
        return 1;
    }
    long theirs = long.Parse(worker.StandardOutput.ReadLine()!.Split(' ')[^1]);
    Console.WriteLine($"worker {worker.Id}: stopped after {theirs} orders, all on ShopStatsV1");
    bool adds = stats.Orders == Mine + theirs;
    Console.WriteLine($"Orders = {stats.Orders} (this process {Mine} + the worker {theirs}), Refunds = {stats.Refunds}, LastOrderMs = {stats.LastOrderMs}");
    Console.WriteLine(adds ? "OK: the old worker and the upgraded code shared one file; the totals add up" : "The totals do not add up: this must never happen.");
    return adds ? 0 : 1;
}
finally
{
    File.Delete(path);
}

// The worker: built with version 1 of the layout, it knows Orders and Status only, and keeps working
// while another process upgrades the file (its mapping and offsets never move).
static int OldWorker(string path)
{
    using var file = LayoutFile<ShopStatsV1>.Open(path, new LayoutFileOptions { CreateIfMissing = false });
    ShopStatsV1 stats = file.Layout;
    Console.WriteLine("opened the file as ShopStatsV1; counting orders until told to stop");
    long mine = 0;
    while (stats.Status != 1)
    {
        stats.GetAndIncrementOrders();
        mine++;
        Thread.Sleep(1);
    }
    // Opening again after the upgrade: ShopStatsV1 is a subset of the file's layout, opened as it is.
    using (var again = LayoutFile<ShopStatsV1>.Open(path, new LayoutFileOptions { CreateIfMissing = false }))
    {
        _ = again.Layout.Orders;
    }
    Console.WriteLine($"orders {mine}");
    return 0;
}

static Process StartSelf(params string[] arguments)
{
    string host = Environment.ProcessPath!;
    var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(host) == "dotnet")
    {
        start.ArgumentList.Add(typeof(ShopStatsV1).Assembly.Location);
    }
    foreach (string argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    return Process.Start(start)!;
}
