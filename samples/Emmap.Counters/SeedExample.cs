using Emmap;

namespace Emmap.Counters;

/// <summary>The counters example of Erlang emmap's README, line for line.</summary>
internal static class SeedExample
{
    internal static int Run()
    {
        string path = Path.Combine(Path.GetTempPath(), $"emmap-sample-mem-{Environment.ProcessId}.bin");
        try
        {
            // F  = emmap:open_counters("/tmp/mem.bin", 2),
            using var f = MappedCounters.Open(path, 2);
            long n1 = f.GetAndIncrement(0);      // N1 = emmap:inc_counter(F, 0),
            long n2 = f.GetAndAdd(0, 5);   // N2 = emmap:inc_counter(F, 0, 5),
            long n3 = f.GetAndIncrement(0);      // N3 = emmap:inc_counter(F, 0),
            long n4 = f.GetAndAdd(0, 2);   // N4 = emmap:inc_counter(F, 0, 2),
            long n5 = f.Exchange(0, 15);        // N5 = emmap:set_counter(F, 0, 15),
            long n6 = f.ReadVolatile(0);                 // N6 = emmap:read_counter(F, 0),
            Console.WriteLine($"N1={n1}, N2={n2}, N3={n3}, N4={n4}, N5={n5}, N6={n6}");
        }
        finally
        {
            File.Delete(path);
        }
        return 0;
    }
}
