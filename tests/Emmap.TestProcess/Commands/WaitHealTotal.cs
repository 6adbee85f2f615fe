namespace Emmap.TestProcess;

/// <summary>
/// <c>wait-heal-total &lt;path&gt;</c>, run with a wait table of its own (<c>EMMAP_WAIT_TABLE</c>): the
/// order of heals that once hid a live waiter from writers. A waiter killed in its sleep left a count
/// in one bucket; the total heals first, by its own staleness; a live waiter then waits on another
/// word; a write heals the killed waiter's bucket; a write to the live waiter's word must then wake
/// it at once. Prints <c>late &lt;n&gt;</c>: the waits that ended by the 500 ms cap instead of a wake (0
/// expected), or what went otherwise.
/// </summary>
internal static unsafe class WaitHealTotal
{
    internal static int Run(string[] args)
    {
        if (WaitTable.Mode != WaitMode.Futex)
        {
            Console.WriteLine("not futex");
            return 0;
        }
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        using var lease = file.Lease(0, 4096);
        fixed (byte* start = lease.Memory.Span)
        {
            ulong seed = file.WaitSeed;
            byte* words = start;
            WaitTable.Bucket* BucketAt(long offset) => WaitTable.BucketOf(seed, words + offset);
            const long staleAt = 0;
            long liveAt = 8;
            while (BucketAt(liveAt) == BucketAt(staleAt))
            {
                liveAt += 8;
            }
            long otherAt = liveAt + 8;
            while (BucketAt(otherAt) == BucketAt(staleAt) || BucketAt(otherAt) == BucketAt(liveAt))
            {
                otherAt += 8;
            }

            // A waiter killed in its sleep: counted in, never out, and nobody has waited for 6 s.
            WaitTable.Bucket* stale = BucketAt(staleAt);
            WaitTable.Enter(stale);
            long old = Environment.TickCount64 - (3 * WaitTable.StaleAfterMilliseconds);
            Volatile.Write(ref stale->Heartbeat, old);
            Volatile.Write(ref WaitTable.Total->Heartbeat, old);

            // The total heals by its own staleness (a write to a word of an empty bucket looks, 1 in 1,024).
            for (int i = 0; i < 4096 && WaitTable.AnyWaiters; i++)
            {
                WaitTable.NotifySlow(seed, start + otherAt);
            }
            if (WaitTable.AnyWaiters)
            {
                Console.WriteLine("the total did not heal");
                return 0;
            }

            // A live waiter on another word, asleep (the sleep is not for correctness: so that a lost wake shows).
            long late = Waiter.LateWakeups;
            var waiter = new Thread(() => file.WaitForChangeInt64(liveAt, 0, TimeSpan.FromSeconds(30)));
            waiter.Start();
            for (int i = 0; i < 30_000 && Volatile.Read(ref BucketAt(liveAt)->Waiters) == 0; i++)
            {
                Thread.Sleep(1);
            }
            Thread.Sleep(200);

            // A write heals the killed waiter's bucket; then the live waiter's word is written.
            file.WriteVolatileInt64(staleAt, 1);
            if (Volatile.Read(ref stale->Waiters) != 0)
            {
                Console.WriteLine("the stale bucket did not heal");
                return 0;
            }
            file.WriteVolatileInt64(liveAt, 1);
            waiter.Join();
            Console.WriteLine($"late {Waiter.LateWakeups - late}");
        }
        return 0;
    }
}
