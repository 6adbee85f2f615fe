using System.Diagnostics;

namespace Emmap.Benchmarks;

/// <summary>
/// Wake latency and idle CPU between two real processes (not BenchmarkDotNet: it measures one
/// process's calls, and these are distributions across two):
/// <code>dotnet run -c Release --project tests/Emmap.Benchmarks -- wake-latency [wakes [methods...]]</code>
/// For each way of waiting (the futex wait, a <c>Thread.Sleep(1)</c> polling loop, a spin loop), a
/// child process waits on a 64-bit value of a shared file; this process stamps the monotonic clock
/// into the file and increments the value; the child reads the clock when it sees the change. The
/// difference is the wake latency. Between wakes this process waits for the child's acknowledgement
/// and then 1 ms more, so the child is asleep (or deep in its loop) when the next change comes.
/// Then the child waits with nothing happening for 5 s and reports the CPU time it used.
/// </summary>
internal static class WakeLatency
{
    private const long Sequence = 0;   // the value the child waits on
    private const long Stamp = 64;     // the parent's clock when it changed it
    private const long Ack = 128;      // the child's acknowledgement
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    internal static int Run(string[] args)
    {
        int wakes = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        string directory = Directory.CreateTempSubdirectory("emmap-wake-").FullName;
        try
        {
            Console.WriteLine($"{wakes} wakes per method; latency in microseconds; idle = CPU time of the waiting process over 5 s of waiting for nothing");
            Console.WriteLine($"{"method",-14} {"p50",8} {"p99",8} {"max",9} {"idle CPU",10}");
            string[] methods = args.Length > 1 ? args[1..] : ["futex", "sleep1", "spin"];
            foreach (string method in methods)
            {
                string path = Path.Combine(directory, method + ".bin");
                using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true });
                using Process child = StartChild(method, path, wakes);
                if (child.StandardOutput.ReadLine() != "ready")
                {
                    throw new InvalidOperationException("The child did not start.");
                }
                for (long i = 1; i <= wakes; i++)
                {
                    Thread.Sleep(1); // the child is asleep (or in its loop) when the change comes
                    file.WriteVolatileInt64(Stamp, Stopwatch.GetTimestamp());
                    file.WriteVolatileInt64(Sequence, i);
                    long ack;
                    while ((ack = file.ReadVolatileInt64(Ack)) != i)
                    {
                        if (!file.WaitForChangeInt64(Ack, ack, Patience))
                        {
                            throw new TimeoutException($"No acknowledgement of wake {i} (ack {file.ReadVolatileInt64(Ack)}, sequence {file.ReadVolatileInt64(Sequence)}, child exited: {child.HasExited}).");
                        }
                    }
                }
                Console.WriteLine(child.StandardOutput.ReadLine());
                child.WaitForExit();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        return 0;
    }

    internal static int Child(string method, string path, int wakes)
    {
        using var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
        var latencies = new double[wakes];
        Console.WriteLine("ready");
        for (long i = 1; i <= wakes; i++)
        {
            WaitFor(file, method, i - 1, Patience);
            long now = Stopwatch.GetTimestamp();
            latencies[i - 1] = (now - file.ReadVolatileInt64(Stamp)) * 1e6 / Stopwatch.Frequency;
            file.WriteVolatileInt64(Ack, i);
        }
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        WaitFor(file, method, wakes, TimeSpan.FromSeconds(5)); // nothing changes it: 5 s of idle waiting
        TimeSpan idle = Process.GetCurrentProcess().TotalProcessorTime - before;
        Array.Sort(latencies);
        Console.WriteLine($"{method,-14} {Percentile(latencies, 0.50),8:F1} {Percentile(latencies, 0.99),8:F1} {latencies[^1],9:F1} {idle.TotalMilliseconds,7:F0} ms");
        return 0;
    }

    /// <summary>Waits until the sequence differs from <paramref name="seen"/> (or the timeout passes), the way <paramref name="method"/> says.</summary>
    private static void WaitFor(MappedFile file, string method, long seen, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        switch (method)
        {
            case "futex":
                _ = file.WaitForChangeInt64(Sequence, seen, timeout);
                break;
            case "sleep1":
                while (file.ReadVolatileInt64(Sequence) == seen && clock.Elapsed < timeout)
                {
                    Thread.Sleep(1);
                }
                break;
            default:
                while (file.ReadVolatileInt64(Sequence) == seen && clock.Elapsed < timeout)
                {
                    Thread.SpinWait(1);
                }
                break;
        }
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Min(sorted.Length - 1, fraction * sorted.Length)];

    private static Process StartChild(string method, string path, int wakes)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WakeLatency).Assembly.Location);
        }
        foreach (string argument in new[] { "wake-latency-child", method, path, wakes.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }
}
