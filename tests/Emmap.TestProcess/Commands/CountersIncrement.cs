namespace Emmap.TestProcess;

/// <summary>
/// <c>counters-increment &lt;path&gt; &lt;Emmap|Padded&gt; &lt;count&gt; &lt;index&gt; &lt;times&gt;</c>:
/// opens the counters file (creating it if no other process has yet), prints <c>ready</c>, waits for
/// a line on stdin (so all processes start together), then increments counter <c>index</c>
/// <c>times</c> times and prints <c>done &lt;sum&gt; &lt;sum of squares&gt;</c> of the previous
/// values it got back, so the test can check that the processes together got every value exactly
/// once. Fails if a previous value is not larger than the one before it (a counter that only grows).
/// </summary>
internal static class CountersIncrement
{
    internal static int Run(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: counters-increment <path> <Emmap|Padded> <count> <index> <times>");
            return 2;
        }
        var format = Enum.Parse<CountersFormat>(args[1]);
        int count = int.Parse(args[2]);
        int index = int.Parse(args[3]);
        int times = int.Parse(args[4]);
        using var counters = MappedCounters.Open(args[0], count, format);
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        long last = -1;
        long sum = 0;
        long sumOfSquares = 0;
        for (int i = 0; i < times; i++)
        {
            long previous = counters.GetAndIncrement(index);
            if (previous <= last)
            {
                throw new InvalidOperationException($"GetAndIncrement returned {previous} after {last}: the counter went backwards.");
            }
            last = previous;
            sum += previous;
            sumOfSquares += previous * previous;
        }
        Console.WriteLine($"done {sum} {sumOfSquares}");
        return 0;
    }
}
