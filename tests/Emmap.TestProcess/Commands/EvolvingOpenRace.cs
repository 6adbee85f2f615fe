using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>evolving-open-race &lt;v1|v2|v3&gt;</c>: prints <c>ready</c>, then for every line it reads (a path,
/// until <c>exit</c> or end of input) opens or creates that file as <see cref="EvolvingStatsV1"/>,
/// <see cref="EvolvingStatsV2"/> or <see cref="EvolvingStatsV3"/> (v2 and v3 with
/// <see cref="LayoutFileOptions.AllowUpgrade"/>), increments <c>Requests</c> once, and prints
/// <c>ok created=&lt;bool&gt;</c>, <c>refused &lt;message&gt;</c> for a <see cref="LayoutMismatchException"/>,
/// or <c>error &lt;type&gt; &lt;message&gt;</c> for anything else. Many opens per process, so a test
/// races many fresh files with few process starts.
/// </summary>
internal static class EvolvingOpenRace
{
    internal static int Run(string[] args)
    {
        if (args is not ["v1" or "v2" or "v3"])
        {
            Console.Error.WriteLine("usage: evolving-open-race <v1|v2|v3>");
            return 2;
        }
        var upgrade = new LayoutFileOptions { AllowUpgrade = true };
        Console.WriteLine("ready");
        while (Console.ReadLine() is string path && path != "exit")
        {
            try
            {
                bool created;
                switch (args[0])
                {
                    case "v1":
                        using (var file = LayoutFile<EvolvingStatsV1>.Open(path))
                        {
                            file.Layout.GetAndIncrementRequests();
                            created = file.Created;
                        }
                        break;
                    case "v2":
                        using (var file = LayoutFile<EvolvingStatsV2>.Open(path, upgrade))
                        {
                            file.Layout.GetAndIncrementRequests();
                            created = file.Created;
                        }
                        break;
                    default:
                        using (var file = LayoutFile<EvolvingStatsV3>.Open(path, upgrade))
                        {
                            file.Layout.GetAndIncrementRequests();
                            created = file.Created;
                        }
                        break;
                }
                Console.WriteLine($"ok created={created}");
            }
            catch (LayoutMismatchException e)
            {
                Console.WriteLine($"refused {e.Message.ReplaceLineEndings(" ")}");
            }
            catch (Exception e)
            {
                Console.WriteLine($"error {e.GetType().Name} {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        return 0;
    }
}
