using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>write-on-request &lt;file|counters|layout&gt; &lt;path&gt;</c>: opens the existing file read-write
/// (a <see cref="MappedFile"/>, a <see cref="MappedCounters"/> file, or a <see cref="ServiceStats"/>
/// layout file), prints <c>ready</c>, then for each number read from stdin writes it (the long at
/// position 0; counter 0; <c>State</c> and <c>Requests</c>) and prints <c>wrote &lt;n&gt;</c>. Exits
/// at the end of its input.
/// </summary>
internal static class WriteOnRequest
{
    internal static int Run(string[] args)
    {
        if (args.Length != 2 || args[0] is not ("file" or "counters" or "layout"))
        {
            Console.Error.WriteLine("usage: write-on-request <file|counters|layout> <path>");
            return 2;
        }
        using MappedFile? file = args[0] == "file" ? MappedFile.Open(args[1]) : null;
        using MappedCounters? counters = args[0] == "counters" ? MappedCounters.OpenExisting(args[1]) : null;
        using LayoutFile<ServiceStats>? layout = args[0] == "layout" ? LayoutFile<ServiceStats>.Open(args[1], new LayoutFileOptions { CreateIfMissing = false }) : null;
        Console.WriteLine("ready");
        while (Console.ReadLine() is string line)
        {
            long value = long.Parse(line, CultureInfo.InvariantCulture);
            file?.WriteVolatileInt64(0, value);
            counters?.WriteVolatile(0, value);
            if (layout is not null)
            {
                ServiceStats stats = layout.Layout;
                stats.State = (int)value;
                stats.ExchangeRequests(value);
            }
            Console.WriteLine($"wrote {value}");
        }
        return 0;
    }
}
