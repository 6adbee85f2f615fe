using System.Diagnostics;

namespace Emmap.TestProcess;

/// <summary>
/// <c>wait-change &lt;path&gt; &lt;position&gt; &lt;4|8&gt; &lt;expected&gt; &lt;sync|async&gt; &lt;timeout-ms&gt;</c>:
/// opens an existing file, prints <c>waiting</c>, waits until the value at the position differs from
/// <c>expected</c>, then prints <c>woke &lt;value&gt;</c> (or <c>timeout</c>) and the late wake-ups
/// it had (<c>late &lt;n&gt;</c>). With <c>EMMAP_WAIT_POLL=1</c> in its environment it polls.
/// </summary>
internal static class WaitChange
{
    internal static int Run(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: wait-change <path> <position> <4|8> <expected> <sync|async> <timeout-ms>");
            return 2;
        }
        long position = long.Parse(args[1]);
        int size = int.Parse(args[2]);
        long expected = long.Parse(args[3]);
        bool async = args[4] == "async";
        var timeout = TimeSpan.FromMilliseconds(int.Parse(args[5]));
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        Console.WriteLine($"waiting {WaitTable.Mode}");
        var clock = Stopwatch.StartNew();
        bool changed = (size, async) switch
        {
            (4, false) => file.WaitForChangeInt32(position, (int)expected, timeout),
            (4, true) => file.WaitForChangeInt32Async(position, (int)expected, timeout).AsTask().GetAwaiter().GetResult(),
            (_, false) => file.WaitForChangeInt64(position, expected, timeout),
            (_, true) => file.WaitForChangeInt64Async(position, expected, timeout).AsTask().GetAwaiter().GetResult(),
        };
        long value = size == 4 ? file.ReadVolatileInt32(position) : file.ReadVolatileInt64(position);
        Console.WriteLine(changed ? $"woke {value}" : "timeout");
        Console.WriteLine($"late {Waiter.LateWakeups}");
        return 0;
    }
}
