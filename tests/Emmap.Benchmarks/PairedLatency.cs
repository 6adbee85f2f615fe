using System.Diagnostics;

namespace Emmap.Benchmarks;

/// <summary>
/// The spinning round trip of the ring against the raw one-counter ping-pong, measured by one pair
/// of processes in alternating blocks (part of <c>ring-bench</c>). On a virtual machine the host
/// places the two vCPUs anew at each start (the same core's two hardware threads, or two cores), and
/// that moves a spinning round trip by 5x, more than the difference between the two transports;
/// measured in separate starts, their ratio is mostly the placements'. Alternating blocks of 500
/// round trips in one pair of processes gives both the same placements, so their ratio is the
/// transports'.
/// </summary>
internal static class PairedLatency
{
    private const int Block = 500;
    private const int WarmBlocks = 4;
    private const long Ping = 0;
    private const long Pong = 64;

    /// <summary>Runs <paramref name="blocks"/> blocks of each (after a warm-up) and returns every round trip, in µs.</summary>
    internal static (double[] Raw, double[] Ring) Run(string directory, int blocks)
    {
        string raw = Path.Combine(directory, "paired.bin");
        string ping = Path.Combine(directory, "paired-ping.ring");
        string pong = Path.Combine(directory, "paired-pong.ring");
        using var file = MappedFile.Open(raw, new MapOptions { Create = true, Length = 4096, FixedSize = true });
        using var pings = MappedRing.Open(ping, new MappedRingOptions { Capacity = 1 << 16 });
        using var pongs = MappedRing.Open(pong, new MappedRingOptions { Capacity = 1 << 16 });
        using Process child = RingThroughput.StartChild("echo-paired", raw, ping, pong, blocks.ToString());
        if (child.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("The echo process did not start.");
        }
        child.StandardInput.WriteLine("go");
        child.StandardInput.Flush();
        byte[] message = new byte[RingThroughput.MessageLength];
        RingMessageHandler ignore = (_, _) => { };
        var rawTimes = new List<double>(blocks * Block);
        var ringTimes = new List<double>(blocks * Block);
        long counter = 0;
        for (int block = 0; block < blocks + WarmBlocks; block++)
        {
            bool measured = block >= WarmBlocks;
            for (int i = 0; i < Block; i++)
            {
                long start = Stopwatch.GetTimestamp();
                file.WriteVolatileInt64(Ping, ++counter);
                while (file.ReadVolatileInt64(Pong) != counter)
                {
                }
                Record(measured, rawTimes, start);
            }
            for (int i = 0; i < Block; i++)
            {
                long start = Stopwatch.GetTimestamp();
                _ = pings.TryWrite(message);
                while (pongs.Read(ignore, 1) == 0)
                {
                }
                Record(measured, ringTimes, start);
            }
        }
        child.WaitForExit();
        return (rawTimes.ToArray(), ringTimes.ToArray());
    }

    private static void Record(bool measured, List<double> times, long start)
    {
        if (measured)
        {
            times.Add((Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency);
        }
    }

    /// <summary>The child's side: echoes the counter, then the ring, block by block, as <see cref="Run"/> sends them.</summary>
    internal static int Child(string[] args)
    {
        using var file = MappedFile.Open(args[1], new MapOptions { FixedSize = true });
        using var pings = MappedRing.Open(args[2], new MappedRingOptions { Capacity = 1 << 16 });
        using var pongs = MappedRing.Open(args[3], new MappedRingOptions { Capacity = 1 << 16 });
        int blocks = int.Parse(args[4]) + WarmBlocks;
        byte[] message = new byte[RingThroughput.MessageLength];
        // The reply is written from inside the handler, as a request/reply server does.
        RingMessageHandler reply = (_, _) => pongs.TryWrite(message);
        RingThroughput.Ready();
        long counter = 0;
        for (int block = 0; block < blocks; block++)
        {
            for (int i = 0; i < Block; i++)
            {
                counter++;
                while (file.ReadVolatileInt64(Ping) != counter)
                {
                }
                file.WriteVolatileInt64(Pong, counter);
            }
            for (int i = 0; i < Block; i++)
            {
                while (pings.Read(reply, 1) == 0)
                {
                }
            }
        }
        return 0;
    }
}
