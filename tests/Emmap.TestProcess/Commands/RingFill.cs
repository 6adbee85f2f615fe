using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>ring-fill &lt;path&gt; &lt;capacity&gt; &lt;bytes|worker&gt; &lt;step&gt;...</c>: opens (or creates) a
/// ring of byte messages, or of <c>WorkerStats</c> records (<c>worker</c>), and runs the steps in
/// order, so a test knows exactly what the ring holds:
/// <c>write:LEN:BYTE</c> writes a message of LEN bytes of value BYTE; <c>abort:LEN</c> claims LEN bytes
/// and aborts (padding); <c>consume:K</c> reads K messages as the consumer (taking the consumer lock);
/// <c>claim:LEN:BYTE</c> claims LEN bytes, fills them and leaves the claim open; <c>hold</c> prints
/// <c>holding</c> and waits for a line on stdin (keeping the consumer lock and the open claims) before
/// exiting. Prints <c>done</c> at the end.
/// </summary>
internal static class RingFill
{
    internal static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: ring-fill <path> <capacity> <bytes|worker> <step>...");
            return 2;
        }
        var options = new MappedRingOptions { Capacity = long.Parse(args[1]) };
        MappedRing<WorkerStats>? typed = args[2] == "worker" ? MappedRing<WorkerStats>.Open(args[0], options) : null;
        MappedRing ring = typed?.Ring ?? MappedRing.Open(args[0], options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            foreach (string step in args[3..])
            {
                string[] parts = step.Split(':');
                switch (parts[0])
                {
                    case "write":
                        byte[] message = new byte[int.Parse(parts[1])];
                        Array.Fill(message, byte.Parse(parts[2]));
                        if (!ring.TryWrite(message))
                        {
                            Console.Error.WriteLine($"{step}: the ring is full");
                            return 1;
                        }
                        break;
                    case "abort":
                        if (!ring.TryClaim(int.Parse(parts[1]), out RingClaim aborted))
                        {
                            Console.Error.WriteLine($"{step}: the ring is full");
                            return 1;
                        }
                        aborted.Abort();
                        break;
                    case "claim":
                        if (!ring.TryClaim(int.Parse(parts[1]), out RingClaim open))
                        {
                            Console.Error.WriteLine($"{step}: the ring is full");
                            return 1;
                        }
                        open.Span.Fill(byte.Parse(parts[2]));
                        break;
                    case "consume":
                        int wanted = int.Parse(parts[1]);
                        int read = 0;
                        while (read < wanted)
                        {
                            read += ring.Read((_, _) => { }, wanted - read);
                            cancel.Token.ThrowIfCancellationRequested();
                        }
                        break;
                    case "hold":
                        Console.WriteLine("holding");
                        _ = Console.ReadLine();
                        break;
                    default:
                        Console.Error.WriteLine($"unknown step '{step}'");
                        return 2;
                }
            }
            Console.WriteLine("done");
            return 0;
        }
        finally
        {
            if (typed is not null)
            {
                typed.Dispose();
            }
            else
            {
                ring.Dispose();
            }
        }
    }
}
