using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>layout-stats-reader &lt;path&gt;</c>: opens the existing <see cref="ServiceStats"/> layout
/// file read-only (never creating it) and prints
/// <c>requests=&lt;n&gt; errors=&lt;n&gt; state=&lt;n&gt; latency=&lt;ms&gt;</c>.
/// </summary>
internal static class LayoutStatsReader
{
    internal static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: layout-stats-reader <path>");
            return 2;
        }
        using var file = LayoutFile<ServiceStats>.Open(args[0], new LayoutFileOptions { Access = MapAccess.Read });
        ServiceStats stats = file.Layout;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests={stats.Requests} errors={stats.Errors} state={stats.State} latency={stats.LastLatencyMs}"));
        return 0;
    }
}
