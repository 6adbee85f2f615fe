using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>evolving-increment &lt;path&gt; &lt;v1|v2&gt; &lt;count&gt;</c>: opens (or creates) the file as
/// <see cref="EvolvingStatsV1"/> or <see cref="EvolvingStatsV2"/> (v2 with
/// <see cref="LayoutFileOptions.AllowUpgrade"/>), prints <c>ready</c>, waits for a line on stdin,
/// then <c>count</c> times increments <c>Requests</c> (v2: and <c>Errors</c>); prints <c>done</c>.
/// </summary>
internal static class EvolvingIncrement
{
    internal static int Run(string[] args)
    {
        if (args is not [string path, "v1" or "v2", string countText])
        {
            Console.Error.WriteLine("usage: evolving-increment <path> <v1|v2> <count>");
            return 2;
        }
        int count = int.Parse(countText, CultureInfo.InvariantCulture);
        if (args[1] == "v1")
        {
            using var file = LayoutFile<EvolvingStatsV1>.Open(path);
            EvolvingStatsV1 stats = file.Layout;
            Console.WriteLine("ready");
            _ = Console.ReadLine();
            for (int i = 0; i < count; i++)
            {
                stats.GetAndIncrementRequests();
            }
        }
        else
        {
            using var file = LayoutFile<EvolvingStatsV2>.Open(path, new LayoutFileOptions { AllowUpgrade = true });
            EvolvingStatsV2 stats = file.Layout;
            Console.WriteLine("ready");
            _ = Console.ReadLine();
            for (int i = 0; i < count; i++)
            {
                stats.GetAndIncrementRequests();
                stats.GetAndIncrementErrors();
            }
        }
        Console.WriteLine("done");
        return 0;
    }
}
