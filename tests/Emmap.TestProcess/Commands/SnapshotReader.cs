using System.Diagnostics;
using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>snapshot-reader &lt;path&gt; &lt;count&gt;</c>: opens the existing <see cref="LockedStats"/>
/// file read-only, prints <c>ready</c>, waits for a line, takes <c>count</c> snapshots with
/// <c>ReadSnapshot()</c> counting those that break the invariant and those that saw the count move,
/// then reads field by field (<c>ReadFieldByField()</c>) until it has seen a torn state or
/// <c>count</c> reads or 20 s have passed. Prints
/// <c>snapshots=N inconsistent=N moved=N fieldreads=N torn=N</c>.
/// </summary>
internal static class SnapshotReader
{
    internal static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: snapshot-reader <path> <count>");
            return 2;
        }
        long count = long.Parse(args[1], CultureInfo.InvariantCulture);
        using var file = LayoutFile<LockedStats>.Open(args[0], new LayoutFileOptions { Access = MapAccess.Read });
        LockedStats stats = file.Layout;
        Console.WriteLine("ready");
        _ = Console.ReadLine();

        long inconsistent = 0, moved = 0, last = -1;
        for (long i = 0; i < count; i++)
        {
            LockedStats.Snapshot snapshot = stats.ReadSnapshot();
            if (!LockedStats.Consistent(snapshot))
            {
                inconsistent++;
            }
            if (snapshot.A != last)
            {
                moved++;
                last = snapshot.A;
            }
        }

        long fieldReads = 0, torn = 0;
        var clock = Stopwatch.StartNew();
        while (torn == 0 && fieldReads < count && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            fieldReads++;
            if (!LockedStats.Consistent(stats.ReadFieldByField()))
            {
                torn++;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshots={count} inconsistent={inconsistent} moved={moved} fieldreads={fieldReads} torn={torn}"));
        return 0;
    }
}
