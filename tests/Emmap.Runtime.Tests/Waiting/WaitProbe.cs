namespace Emmap.Runtime.Tests.Waiting;

/// <summary>Looks into the side table: how many waiters (in any process) the bucket of a word has.</summary>
internal static unsafe class WaitProbe
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    /// <summary>The waiter count of the bucket of the word at <paramref name="position"/>.</summary>
    public static int Waiters(MappedFile file, long position)
    {
        using var lease = file.Lease(position, 1);
        fixed (byte* p = lease.Memory.Span)
        {
            return Volatile.Read(ref WaitTable.BucketOf(file.WaitSeed, p)->Waiters);
        }
    }

    /// <summary>Whether two words hash to the same bucket of the side table.</summary>
    public static bool SameBucket(MappedFile a, long aPosition, MappedFile b, long bPosition)
    {
        using var aLease = a.Lease(aPosition, 1);
        using var bLease = b.Lease(bPosition, 1);
        fixed (byte* pa = aLease.Memory.Span)
        fixed (byte* pb = bLease.Memory.Span)
        {
            return WaitTable.BucketOf(a.WaitSeed, pa) == WaitTable.BucketOf(b.WaitSeed, pb);
        }
    }

    /// <summary>Returns once at least <paramref name="count"/> waiters are counted on the word (they are asleep or about to be); fails after a minute.</summary>
    public static void UntilWaiting(MappedFile file, long position, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Waiters(file, position) < count)
        {
            Assert.True(clock.Elapsed < Deadline, $"Fewer than {count} waiters on position {position} after {Deadline} (now {Waiters(file, position)}).");
            Thread.Sleep(1);
        }
    }
}
