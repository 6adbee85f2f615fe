using System.Diagnostics;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Emmap.Benchmarks;

/// <summary>
/// Round-trip latency between two processes (part of <c>ring-bench</c>): this process sends a
/// 64-byte message, a child echoes it, this process times the round trip. Over two
/// <see cref="MappedRing"/>s (the consumers spinning on <see cref="MappedRing.Read"/>, or sleeping in
/// <see cref="MappedRing.WaitForMessages"/>), a Unix domain socket, two anonymous pipes, two
/// <see cref="Channel"/>s between threads of this process, and the reference: a raw shared-memory
/// ping-pong of one counter each way (spinning, or sleeping in <see cref="MappedFile.WaitForChangeInt64"/>).
/// </summary>
internal static class RingLatency
{
    private const long Ping = 0;
    private const long Pong = 64;

    internal static void Run(string directory, int roundTrips, int repeats)
    {
        string[] methods = ["raw-spin", "ring-spin", "raw-wait", "ring-wait", "uds", "pipe", "channels"];
        // As for throughput: each method once per round, in turn. Where the two processes land
        // (two cores, or one core's two threads) moves a spinning round trip by 2x or more from one
        // start to the next, so one start is not a measurement; the table shows the median round's
        // p50 and p99 and the range of the p50s.
        var p50 = methods.ToDictionary(m => m, _ => new List<double>());
        var p99 = methods.ToDictionary(m => m, _ => new List<double>());
        for (int round = 0; round < repeats; round++)
        {
            foreach (string method in methods)
            {
                double[] rtt = method switch
                {
                    "raw-spin" or "raw-wait" => Raw(directory, method, roundTrips),
                    "ring-spin" or "ring-wait" => Ring(directory, method, roundTrips),
                    "uds" => Uds(directory, roundTrips),
                    "pipe" => Pipe(roundTrips),
                    _ => Channels(roundTrips),
                };
                Array.Sort(rtt);
                p50[method].Add(Percentile(rtt, 0.50));
                p99[method].Add(Percentile(rtt, 0.99));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Round trips: {roundTrips} of a {RingThroughput.MessageLength}-byte message, {repeats} rounds; microseconds, median of the rounds (range of p50)");
        Console.WriteLine($"{"transport",-12} {"p50",8} {"p99",8}   {"p50 range",-16}");
        foreach (string method in methods)
        {
            Console.WriteLine($"{method,-12} {RingThroughput.Median(p50[method]),8:F2} {RingThroughput.Median(p99[method]),8:F2}   {p50[method].Min(),6:F2}-{p50[method].Max():F2}");
        }

        RunPaired(directory, roundTrips, repeats);
    }

    /// <summary>The spinning pair again, in alternating blocks of one pair of processes per round (<see cref="PairedLatency"/>).</summary>
    internal static void RunPaired(string directory, int roundTrips, int repeats)
    {
        Console.WriteLine();
        Console.WriteLine($"Spinning round trips, ring and raw counter alternating in blocks of one process pair, {repeats} rounds of {roundTrips} each; microseconds");
        Console.WriteLine($"{"round",-6} {"raw p50",8} {"raw p99",8} {"ring p50",9} {"ring p99",9} {"ratio of p50s",14}");
        var ratios = new List<double>();
        for (int round = 0; round < repeats; round++)
        {
            (double[] raw, double[] ring) = PairedLatency.Run(directory, Math.Max(1, roundTrips / 500));
            Array.Sort(raw);
            Array.Sort(ring);
            double ratio = Percentile(ring, 0.50) / Percentile(raw, 0.50);
            ratios.Add(ratio);
            Console.WriteLine($"{round + 1,-6} {Percentile(raw, 0.50),8:F2} {Percentile(raw, 0.99),8:F2} {Percentile(ring, 0.50),9:F2} {Percentile(ring, 0.99),9:F2} {ratio,13:F2}x");
        }
        Console.WriteLine($"median ratio of p50s: {RingThroughput.Median(ratios):F2}x");
    }

    private static double[] Raw(string directory, string method, int roundTrips)
    {
        string path = Path.Combine(directory, method + ".bin");
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true });
        using Process child = RingThroughput.StartChild("echo-raw", path, roundTrips.ToString(), method);
        return Time(child, roundTrips, i =>
        {
            file.WriteVolatileInt64(Ping, i);
            WaitFor(file, Pong, i, method == "raw-spin");
        });
    }

    private static double[] Ring(string directory, string method, int roundTrips)
    {
        string ping = Path.Combine(directory, method + "-ping.ring");
        string pong = Path.Combine(directory, method + "-pong.ring");
        using var pings = MappedRing.Open(ping, new MappedRingOptions { Capacity = 1 << 16 });
        using var pongs = MappedRing.Open(pong, new MappedRingOptions { Capacity = 1 << 16 });
        using Process child = RingThroughput.StartChild("echo-ring", ping, pong, roundTrips.ToString(), method);
        byte[] message = new byte[RingThroughput.MessageLength];
        RingMessageHandler ignore = (_, _) => { };
        return Time(child, roundTrips, i =>
        {
            _ = pings.TryWrite(message);
            Receive(pongs, ignore, method == "ring-spin");
        });
    }

    private static double[] Uds(string directory, int roundTrips)
    {
        string path = Path.Combine(directory, "latency.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using Process child = RingThroughput.StartChild("echo-uds", path, roundTrips.ToString());
        using Socket socket = listener.Accept();
        byte[] message = new byte[RingThroughput.MessageLength];
        return Time(child, roundTrips, i =>
        {
            _ = socket.Send(message);
            ReceiveExactly((b, o, c) => socket.Receive(b, o, c, SocketFlags.None), message);
        });
    }

    private static double[] Pipe(int roundTrips)
    {
        using var toChild = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        using var fromChild = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        using Process child = RingThroughput.StartChild("echo-pipe", toChild.GetClientHandleAsString(), fromChild.GetClientHandleAsString(), roundTrips.ToString());
        toChild.DisposeLocalCopyOfClientHandle();
        fromChild.DisposeLocalCopyOfClientHandle();
        byte[] message = new byte[RingThroughput.MessageLength];
        return Time(child, roundTrips, i =>
        {
            toChild.Write(message);
            ReceiveExactly(fromChild.Read, message);
        });
    }

    private static double[] Channels(int roundTrips)
    {
        Channel<Message64> pings = Channel.CreateBounded<Message64>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        Channel<Message64> pongs = Channel.CreateBounded<Message64>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        var echo = new Thread(() =>
        {
            for (int i = 0; i < roundTrips + 1000; i++)
            {
                Message64 m;
                while (!pings.Reader.TryRead(out m))
                {
                    _ = pings.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
                }
                _ = pongs.Writer.TryWrite(m);
            }
        });
        echo.Start();
        var rtt = new double[roundTrips];
        for (int i = -1000; i < roundTrips; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = pings.Writer.TryWrite(default);
            while (!pongs.Reader.TryRead(out _))
            {
                _ = pongs.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
            }
            if (i >= 0)
            {
                rtt[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
            }
        }
        echo.Join();
        return rtt;
    }

    /// <summary>The child's side: echoes every message (1000 warm-up round trips first).</summary>
    internal static int Child(string[] args)
    {
        if (args[0] == "echo-paired")
        {
            return PairedLatency.Child(args);
        }
        byte[] message = new byte[RingThroughput.MessageLength];
        switch (args[0])
        {
            case "echo-raw":
            {
                using var file = MappedFile.Open(args[1], new MapOptions { FixedSize = true });
                int count = int.Parse(args[2]) + 1000;
                RingThroughput.Ready();
                for (long i = 1; i <= count; i++)
                {
                    WaitFor(file, Ping, i, args[3] == "raw-spin");
                    file.WriteVolatileInt64(Pong, i);
                }
                break;
            }
            case "echo-ring":
            {
                using var pings = MappedRing.Open(args[1], new MappedRingOptions { Capacity = 1 << 16 });
                using var pongs = MappedRing.Open(args[2], new MappedRingOptions { Capacity = 1 << 16 });
                int count = int.Parse(args[3]) + 1000;
                // The reply is written from inside the handler, as a request/reply server does: the
                // ping's release (zeroing its record, persisting the head) comes after the pong is out.
                RingMessageHandler reply = (_, _) => pongs.TryWrite(message);
                RingThroughput.Ready();
                for (int i = 0; i < count; i++)
                {
                    Receive(pings, reply, args[4] == "ring-spin");
                }
                break;
            }
            case "echo-uds":
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(args[1]));
                int count = int.Parse(args[2]) + 1000;
                RingThroughput.Ready();
                for (int i = 0; i < count; i++)
                {
                    ReceiveExactly((b, o, c) => socket.Receive(b, o, c, SocketFlags.None), message);
                    _ = socket.Send(message);
                }
                break;
            }
            default:
            {
                using var input = new AnonymousPipeClientStream(PipeDirection.In, args[1]);
                using var output = new AnonymousPipeClientStream(PipeDirection.Out, args[2]);
                int count = int.Parse(args[3]) + 1000;
                RingThroughput.Ready();
                for (int i = 0; i < count; i++)
                {
                    ReceiveExactly(input.Read, message);
                    output.Write(message);
                }
                break;
            }
        }
        return 0;
    }

    /// <summary>Says <c>go</c> to the child, runs 1000 warm-up round trips, then times each of <paramref name="roundTrips"/>.</summary>
    private static double[] Time(Process child, int roundTrips, Action<long> roundTrip)
    {
        if (child.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("The echo process did not start.");
        }
        child.StandardInput.WriteLine("go");
        child.StandardInput.Flush();
        var rtt = new double[roundTrips];
        for (long i = 1; i <= roundTrips + 1000; i++)
        {
            long start = Stopwatch.GetTimestamp();
            roundTrip(i);
            if (i > 1000)
            {
                rtt[i - 1001] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
            }
        }
        child.WaitForExit();
        return rtt;
    }

    private static void Receive(MappedRing ring, RingMessageHandler handler, bool spin)
    {
        while (ring.Read(handler, 1) == 0)
        {
            if (!spin)
            {
                _ = ring.WaitForMessages(RingThroughput.Patience);
            }
        }
    }

    private static void WaitFor(MappedFile file, long position, long value, bool spin)
    {
        long seen;
        while ((seen = file.ReadVolatileInt64(position)) != value)
        {
            if (!spin)
            {
                _ = file.WaitForChangeInt64(position, seen, RingThroughput.Patience);
            }
        }
    }

    private static void ReceiveExactly(Func<byte[], int, int, int> read, byte[] message)
    {
        for (int got = 0; got < message.Length;)
        {
            int n = read(message, got, message.Length - got);
            if (n <= 0)
            {
                throw new EndOfStreamException();
            }
            got += n;
        }
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Min(sorted.Length - 1, fraction * sorted.Length)];
}
