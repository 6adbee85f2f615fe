namespace Emmap.TestProcess;

/// <summary>
/// <c>counters-count-until-killed &lt;path&gt; &lt;Emmap|Padded&gt;</c>: opens an existing counters
/// file of two counters, prints <c>ready</c>, then forever increments counter 0 (the work) and,
/// after each increment has returned, counter 1 (the progress it reports), until it is killed.
/// </summary>
internal static class CountersCountUntilKilled
{
    internal static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: counters-count-until-killed <path> <Emmap|Padded>");
            return 2;
        }
        using var counters = MappedCounters.Open(args[0], 2, Enum.Parse<CountersFormat>(args[1]));
        Console.WriteLine("ready");
        while (true)
        {
            counters.GetAndIncrement(0);
            counters.GetAndIncrement(1);
        }
    }
}
