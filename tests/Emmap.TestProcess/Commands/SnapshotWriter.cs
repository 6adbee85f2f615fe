using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>snapshot-writer &lt;path&gt; &lt;id&gt; &lt;count&gt;</c>: opens (or creates) the
/// <see cref="LockedStats"/> layout file, prints <c>ready</c>, then makes <c>count</c> updates
/// (<see cref="LockedStats.UpdateOnce"/>; 0 means until killed) and prints <c>done</c>.
/// </summary>
internal static class SnapshotWriter
{
    internal static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: snapshot-writer <path> <id> <count>");
            return 2;
        }
        long id = long.Parse(args[1], CultureInfo.InvariantCulture);
        long count = long.Parse(args[2], CultureInfo.InvariantCulture);
        using var file = LayoutFile<LockedStats>.Open(args[0]);
        LockedStats stats = file.Layout;
        Console.WriteLine("ready");
        for (long i = 0; count == 0 || i < count; i++)
        {
            stats.UpdateOnce(id);
        }
        Console.WriteLine("done");
        return 0;
    }
}
