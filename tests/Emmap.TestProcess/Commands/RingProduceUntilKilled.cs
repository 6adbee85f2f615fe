using System.Buffers.Binary;

namespace Emmap.TestProcess;

/// <summary>
/// <c>ring-produce-until-killed &lt;path&gt; &lt;capacity&gt; &lt;producer&gt; &lt;counters&gt; &lt;slot&gt;</c>:
/// opens the ring and an existing counters file, prints <c>ready</c>, then forever claims a 64-byte
/// message <c>[producer:int32][0:int32][seq:int64]</c>, fills it slowly (so that a kill often lands
/// between claim and commit), commits it, and only then sets counter <c>slot</c> to the number
/// committed, until it is killed.
/// </summary>
internal static class RingProduceUntilKilled
{
    internal static int Run(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: ring-produce-until-killed <path> <capacity> <producer> <counters> <slot>");
            return 2;
        }
        using var ring = MappedRing.Open(args[0], new MappedRingOptions { Capacity = long.Parse(args[1]) });
        int producer = int.Parse(args[2]);
        using var counters = MappedCounters.OpenExisting(args[3]);
        int slot = int.Parse(args[4]);
        Console.WriteLine("ready");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (long seq = 0; ; seq++)
        {
            _ = ring.TryClaim(64, Timeout.InfiniteTimeSpan, cancel.Token, out RingClaim claim);
            Span<byte> span = claim.Span;
            BinaryPrimitives.WriteInt32LittleEndian(span, producer);
            Thread.SpinWait(2000);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], seq);
            claim.Commit();
            counters.WriteVolatile(slot, seq + 1);
        }
    }
}
