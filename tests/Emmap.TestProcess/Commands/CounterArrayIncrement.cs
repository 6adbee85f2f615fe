using System.Globalization;
using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>counter-array-increment &lt;path&gt; &lt;count&gt;</c>: opens (or creates) the
/// <see cref="WorkerCounters"/> layout file, prints <c>ready</c>, waits for a line on stdin, then
/// <c>count</c> times increments every element of <c>PerWorker</c> and bucket <c>i % 8</c> of
/// <c>Buckets</c>; prints <c>done</c>.
/// </summary>
internal static class CounterArrayIncrement
{
    internal static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: counter-array-increment <path> <count>");
            return 2;
        }
        int count = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var file = LayoutFile<WorkerCounters>.Open(args[0]);
        AtomicCounterArray<long> perWorker = file.Layout.PerWorker;
        AtomicCounterArray<uint> buckets = file.Layout.Buckets;
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        for (int i = 0; i < count; i++)
        {
            for (int worker = 0; worker < perWorker.Length; worker++)
            {
                perWorker.GetAndIncrement(worker);
            }
            buckets.GetAndIncrement(i % buckets.Length);
        }
        Console.WriteLine("done");
        return 0;
    }
}
