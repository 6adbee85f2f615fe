using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>layout-stats-writer &lt;path&gt; &lt;count&gt;</c>: opens (or creates) the
/// <see cref="ServiceStats"/> layout file, prints <c>ready created=&lt;bool&gt;</c>, waits for a line
/// on stdin, then <c>count</c> times increments <c>Requests</c> (and <c>Errors</c> every 10th time)
/// and sets <c>State</c> to the iteration and <c>LastLatencyMs</c> to half of it; prints <c>done</c>.
/// </summary>
internal static class LayoutStatsWriter
{
    internal static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: layout-stats-writer <path> <count>");
            return 2;
        }
        int count = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var file = LayoutFile<ServiceStats>.Open(args[0]);
        ServiceStats stats = file.Layout;
        Console.WriteLine($"ready created={file.Created}");
        _ = Console.ReadLine();
        for (int i = 1; i <= count; i++)
        {
            stats.GetAndIncrementRequests();
            if (i % 10 == 0)
            {
                stats.GetAndIncrementErrors();
            }
            stats.State = i;
            stats.LastLatencyMs = i * 0.5;
        }
        Console.WriteLine("done");
        return 0;
    }
}
