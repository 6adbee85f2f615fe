namespace Emmap.TestProcess;

/// <summary>
/// <c>notify-cost &lt;path&gt; [position]</c>: with nobody waiting, changes the four 64-bit values from the position (default 0) of an existing file
/// every way that notifies (atomics, volatile writes, <c>Notify</c>) 1,000 times each and prints
/// <c>wakes &lt;n&gt;</c>, the wake system calls this process made (0 expected), or <c>busy</c> when
/// another process on the machine happened to wait on a bucket these words share.
/// </summary>
internal static unsafe class NotifyCost
{
    internal static int Run(string[] args)
    {
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        long at = args.Length > 1 ? long.Parse(args[1]) : 0;
        long before = WaitTable.WakeCalls;
        for (int i = 0; i < 1000; i++)
        {
            file.GetAndAddInt64(at, 1);
            file.WriteVolatileInt64(at + 8, i);
            file.CompareExchangeInt32(at + 16, i, i - 1);
            file.Notify(at + 24);
        }
        long wakes = WaitTable.WakeCalls - before;
        Console.WriteLine(wakes > 0 && Busy(file, at) ? "busy" : $"wakes {wakes}");
        return 0;
    }

    private static bool Busy(MappedFile file, long at)
    {
        using var lease = file.Lease(at, 32);
        fixed (byte* p = lease.Memory.Span)
        {
            ulong seed = file.WaitSeed;
            for (int offset = 0; offset < 32; offset += 8)
            {
                if (WaitTable.BucketOf(seed, p + offset)->Waiters != 0)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
