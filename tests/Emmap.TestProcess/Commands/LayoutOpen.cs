using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>layout-open &lt;path&gt; &lt;stats|stats-v2&gt;</c>: prints <c>ready</c>, waits for a line on
/// stdin (so several processes open together), then opens or creates the layout file as
/// <see cref="ServiceStats"/> or <see cref="ServiceStatsV2"/>, increments <c>Requests</c> and prints
/// <c>opened created=&lt;bool&gt; requests-before=&lt;n&gt;</c>; when the file was written by another
/// layout it prints <c>mismatch &lt;message&gt;</c> instead. Either way it exits 0.
/// </summary>
internal static class LayoutOpen
{
    internal static int Run(string[] args)
    {
        if (args is not [string path, "stats" or "stats-v2"])
        {
            Console.Error.WriteLine("usage: layout-open <path> <stats|stats-v2>");
            return 2;
        }
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        try
        {
            (bool created, long before) = args[1] == "stats" ? Open<ServiceStats>(path, s => s.GetAndIncrementRequests()) : Open<ServiceStatsV2>(path, s => s.GetAndIncrementRequests());
            Console.WriteLine($"opened created={created} requests-before={before}");
        }
        catch (LayoutMismatchException e)
        {
            Console.WriteLine($"mismatch {e.Message}");
        }
        return 0;
    }

    private static (bool Created, long Before) Open<T>(string path, Func<T, long> increment) where T : struct, IMappedLayout<T>
    {
        using var file = LayoutFile<T>.Open(path);
        return (file.Created, increment(file.Layout));
    }
}
