using System.Diagnostics;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Emmap.Benchmarks;

/// <summary>
/// Messages between real processes (not BenchmarkDotNet: two or three processes, one measured run):
/// <code>dotnet run -c Release --project tests/Emmap.Benchmarks -- ring-bench [messages [round trips [rounds]]]</code>
/// Throughput: 64-byte messages from one and from two producer processes to this process, over a
/// <see cref="MappedRing"/>, a Unix domain socket (one send per message, the consumer receiving 64
/// KiB at a time) and an anonymous pipe (shared by both producers: 64-byte writes are atomic), and
/// over <see cref="Channel"/> between threads of this process (the in-process ceiling). Latency
/// (<see cref="RingLatency"/>): ping-pong round trips. The ring rows also report the bytes each side
/// allocated per message.
/// </summary>
internal static class RingThroughput
{
    internal const int MessageLength = 64;
    internal const long Capacity = 1 << 22;
    internal static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    internal static int Run(string[] args)
    {
        long messages = args.Length > 0 ? long.Parse(args[0]) : 2_000_000;
        int roundTrips = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        int repeats = args.Length > 2 ? int.Parse(args[2]) : 5;
        InWarmDirectory(directory =>
        {
            string[] transports = ["ring", "uds", "pipe", "channels"];
            // Every transport runs once per round, in turn, so that a noisy moment of the machine
            // falls on all of them alike; the table shows each one's median round and the range.
            var rates = transports.ToDictionary(t => t, _ => (One: new List<double>(), Two: new List<double>()));
            var alloc = new Dictionary<string, string>();
            for (int round = 0; round < repeats; round++)
            {
                foreach (string transport in transports)
                {
                    (double Rate, string Alloc) one = Measure(transport, directory, 1, messages);
                    (double Rate, string Alloc) two = Measure(transport, directory, 2, messages);
                    rates[transport].One.Add(one.Rate);
                    rates[transport].Two.Add(two.Rate);
                    alloc[transport] = one.Alloc;
                }
            }
            Console.WriteLine($"Throughput: {messages} messages of {MessageLength} bytes per producer, {repeats} rounds; million messages per second, median (range), and the ratio of medians to the Unix domain socket's");
            Console.WriteLine($"{"transport",-10} {"1 -> 1",-30} {"2 -> 1",-30} {"alloc B/msg (producer, consumer)",34}");
            double uds1 = Median(rates["uds"].One), uds2 = Median(rates["uds"].Two);
            foreach (string transport in transports)
            {
                Console.WriteLine($"{transport,-10} {Cell(rates[transport].One, uds1),-30} {Cell(rates[transport].Two, uds2),-30} {alloc[transport],34}");
            }
            RingLatency.Run(directory, roundTrips, repeats);
        });
        return 0;
    }

    /// <summary><c>ring-paired [round trips [rounds]]</c>: only the paired spinning round trips of <see cref="RingLatency"/>.</summary>
    internal static int RunPaired(string[] args)
    {
        int roundTrips = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 5;
        InWarmDirectory(directory => RingLatency.RunPaired(directory, roundTrips, repeats));
        return 0;
    }

    /// <summary>Warms this process's library paths (<see cref="Warmup"/>), then runs <paramref name="measure"/> in a temporary directory it deletes afterwards.</summary>
    private static void InWarmDirectory(Action<string> measure)
    {
        string directory = Directory.CreateTempSubdirectory("emmap-ring-").FullName;
        Warmup.Run();
        try
        {
            measure(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Cell(List<double> rates, double udsMedian) =>
        $"{Median(rates) / 1e6:F2} ({rates.Min() / 1e6:F2}-{rates.Max() / 1e6:F2}) {Median(rates) / udsMedian,5:F1}x";

    private static (double Rate, string Alloc) Measure(string transport, string directory, int producers, long messages) => transport switch
    {
        "ring" => Ring(directory, producers, messages),
        "uds" => Uds(directory, producers, messages),
        "pipe" => Pipe(producers, messages),
        _ => Channels(producers, messages),
    };

    private static (double Rate, string Alloc) Ring(string directory, int producers, long messages)
    {
        string path = Path.Combine(directory, $"throughput{producers}.ring");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity });
        List<Process> children = Enumerable.Range(0, producers).Select(_ => StartChild("produce-ring", path, messages.ToString())).ToList();
        long received = 0;
        RingMessageHandler count = (_, _) => received++;
        long allocated = 0;
        double rate = Consume(children, messages * producers, () =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (received < messages * producers)
            {
                if (ring.Read(count) == 0)
                {
                    _ = ring.WaitForMessages(Patience);
                }
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        string producerAlloc = string.Join("/", children.Select(c => c.StandardOutput.ReadLine()));
        children.ForEach(c => c.WaitForExit());
        return (rate, $"{producerAlloc}, {(double)allocated / (messages * producers):F3}");
    }

    private static (double Rate, string Alloc) Uds(string directory, int producers, long messages)
    {
        string path = Path.Combine(directory, $"throughput{producers}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(producers);
        List<Process> children = Enumerable.Range(0, producers).Select(_ => StartChild("produce-uds", path, messages.ToString())).ToList();
        Socket[] connections = Enumerable.Range(0, producers).Select(_ => listener.Accept()).ToArray();
        double rate = Consume(children, messages * producers, () =>
        {
            Thread[] readers = connections.Select(c => new Thread(() => Drain(c.Receive, messages * MessageLength))).ToArray();
            Array.ForEach(readers, r => r.Start());
            Array.ForEach(readers, r => r.Join());
        });
        Array.ForEach(connections, c => c.Dispose());
        children.ForEach(c => c.WaitForExit());
        return (rate, "-");
    }

    private static (double Rate, string Alloc) Pipe(int producers, long messages)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        List<Process> children = Enumerable.Range(0, producers).Select(_ => StartChild("produce-pipe", pipe.GetClientHandleAsString(), messages.ToString())).ToList();
        pipe.DisposeLocalCopyOfClientHandle();
        double rate = Consume(children, messages * producers, () => Drain(pipe.Read, messages * producers * MessageLength));
        children.ForEach(c => c.WaitForExit());
        return (rate, "-");
    }

    private static (double Rate, string Alloc) Channels(int producers, long messages)
    {
        Channel<Message64> channel = Channel.CreateBounded<Message64>(new BoundedChannelOptions((int)(Capacity / 80)) { SingleReader = true, SingleWriter = producers == 1 });
        using var go = new ManualResetEventSlim();
        Thread[] writers = Enumerable.Range(0, producers).Select(w => new Thread(() =>
        {
            go.Wait();
            var message = default(Message64);
            for (long i = 0; i < messages; i++)
            {
                message[8] = (byte)i;
                while (!channel.Writer.TryWrite(message))
                {
                    _ = channel.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        })).ToArray();
        Array.ForEach(writers, w => w.Start());
        var clock = Stopwatch.StartNew();
        go.Set();
        long received = 0;
        while (received < messages * producers)
        {
            while (channel.Reader.TryRead(out _))
            {
                received++;
            }
            if (received < messages * producers)
            {
                _ = channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        Array.ForEach(writers, w => w.Join());
        return (messages * producers / seconds, "-");
    }

    /// <summary>Waits for the children's <c>ready</c>, says <c>go</c>, runs <paramref name="consume"/>: the rate over that time.</summary>
    private static double Consume(List<Process> children, long total, Action consume)
    {
        foreach (Process child in children)
        {
            if (child.StandardOutput.ReadLine() != "ready")
            {
                throw new InvalidOperationException("A producer did not start.");
            }
        }
        var clock = Stopwatch.StartNew();
        foreach (Process child in children)
        {
            child.StandardInput.WriteLine("go");
            child.StandardInput.Flush();
        }
        consume();
        return total / clock.Elapsed.TotalSeconds;
    }

    private static void Drain(Func<byte[], int, int, int> read, long bytes)
    {
        byte[] buffer = new byte[64 * 1024];
        while (bytes > 0)
        {
            int n = read(buffer, 0, buffer.Length);
            if (n <= 0)
            {
                throw new EndOfStreamException($"{bytes} bytes short.");
            }
            bytes -= n;
        }
    }

    private static void Drain(Func<byte[], int, int, SocketFlags, int> receive, long bytes) => Drain((b, o, c) => receive(b, o, c, SocketFlags.None), bytes);

    internal static Process StartChild(params string[] args)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(RingThroughput).Assembly.Location);
        }
        start.ArgumentList.Add("ring-bench-child");
        foreach (string argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    /// <summary>The producers' side (in a child process).</summary>
    internal static int Child(string[] args)
    {
        Warmup.Run();
        switch (args[0])
        {
            case "produce-ring" or "produce-uds" or "produce-pipe":
                return Produce(args[0], args[1], long.Parse(args[2]));
            default:
                return RingLatency.Child(args);
        }
    }

    private static int Produce(string transport, string target, long messages)
    {
        Span<byte> message = stackalloc byte[MessageLength];
        message.Clear();
        switch (transport)
        {
            case "produce-ring":
            {
                using var ring = MappedRing.Open(target, new MappedRingOptions { Capacity = Capacity });
                Ready();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (long i = 0; i < messages; i++)
                {
                    message[8] = (byte)i;
                    if (!ring.TryWrite(message))
                    {
                        ring.Write(message);
                    }
                }
                Console.WriteLine($"{(double)(GC.GetAllocatedBytesForCurrentThread() - before) / messages:F3}");
                break;
            }
            case "produce-uds":
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(target));
                Ready();
                for (long i = 0; i < messages; i++)
                {
                    message[8] = (byte)i;
                    _ = socket.Send(message);
                }
                break;
            }
            default:
            {
                using var pipe = new AnonymousPipeClientStream(PipeDirection.Out, target);
                Ready();
                for (long i = 0; i < messages; i++)
                {
                    message[8] = (byte)i;
                    pipe.Write(message);
                }
                break;
            }
        }
        return 0;
    }

    internal static void Ready()
    {
        Console.WriteLine("ready");
        _ = Console.ReadLine();
    }
}

/// <summary>64 bytes inline: the channel's message, copied by value like the others' bytes.</summary>
[System.Runtime.CompilerServices.InlineArray(RingThroughput.MessageLength)]
internal struct Message64
{
    private byte _first;
}
