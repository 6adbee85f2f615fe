using System.Globalization;

namespace Emmap.TestProcess;

/// <summary>
/// <c>counters-write &lt;path&gt; &lt;Emmap|Padded&gt; &lt;count&gt; [&lt;index&gt;=&lt;value&gt;...]</c>:
/// creates the counters file, sets each listed counter to its value, prints <c>wrote</c> and exits.
/// </summary>
internal static class CountersWrite
{
    internal static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: counters-write <path> <Emmap|Padded> <count> [<index>=<value>...]");
            return 2;
        }
        using var counters = MappedCounters.Open(args[0], int.Parse(args[2], CultureInfo.InvariantCulture), Enum.Parse<CountersFormat>(args[1]));
        foreach (string assignment in args[3..])
        {
            string[] parts = assignment.Split('=');
            counters.Exchange(int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        Console.WriteLine("wrote");
        return 0;
    }
}
