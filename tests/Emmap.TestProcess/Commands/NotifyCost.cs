namespace Emmap.TestProcess;

/// <summary>
/// <c>notify-cost &lt;path&gt;</c>: with nobody waiting, changes 64-bit values of an existing file
/// every way that notifies (atomics, volatile writes, <c>Notify</c>) 1,000 times each and prints
/// <c>wakes &lt;n&gt;</c>, the wake system calls this process made (0 expected), or <c>busy</c> when
/// another process on the machine happened to wait on a bucket these words share.
/// </summary>
internal static unsafe class NotifyCost
{
    internal static int Run(string[] args)
    {
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        long before = WaitTable.WakeCalls;
        for (int i = 0; i < 1000; i++)
        {
            file.GetAndAddInt64(0, 1);
            file.WriteVolatileInt64(8, i);
            file.CompareExchangeInt32(16, i, i - 1);
            file.Notify(24);
        }
        long wakes = WaitTable.WakeCalls - before;
        Console.WriteLine(wakes > 0 && Busy(file) ? "busy" : $"wakes {wakes}");
        return 0;
    }

    private static bool Busy(MappedFile file)
    {
        using var lease = file.Lease(0, 32);
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
