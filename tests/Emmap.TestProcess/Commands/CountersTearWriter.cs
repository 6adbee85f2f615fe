namespace Emmap.TestProcess;

/// <summary>
/// <c>counters-tear-writer &lt;path&gt; &lt;Emmap|Padded&gt; &lt;step&gt;</c>: opens an existing
/// counters file of two counters, prints <c>ready</c>, then adds <c>step</c> to counter 0 until the
/// test sets counter 1 (the stop flag) to non-zero, and prints <c>stopped &lt;final value&gt;</c>.
/// </summary>
internal static class CountersTearWriter
{
    internal static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: counters-tear-writer <path> <Emmap|Padded> <step>");
            return 2;
        }
        using var counters = MappedCounters.Open(args[0], 2, Enum.Parse<CountersFormat>(args[1]));
        long step = long.Parse(args[2]);
        Console.WriteLine("ready");
        long last = 0;
        while (counters.ReadVolatile(1) == 0)
        {
            last = counters.GetAndAdd(0, step) + step;
        }
        Console.WriteLine($"stopped {last}");
        return 0;
    }
}
