using System.Diagnostics;

namespace Emmap.Benchmarks;

/// <summary>
/// Snapshot reads per second in this process while a child process updates the same
/// <see cref="LockedBenchStats"/> continuously (two fields and a counter per update scope, in a
/// tight loop, or paced by a spin between updates). Not BenchmarkDotNet: two processes and a
/// throughput. <c>dotnet run -c Release --project tests/Emmap.Benchmarks -- snapshot-contention [seconds]</c>.
/// </summary>
internal static class SnapshotContention
{
    internal static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
        string directory = Directory.CreateTempSubdirectory("emmap-snapshot-").FullName;
        try
        {
            Console.WriteLine($"{"writer",-12} {"reads/s",14} {"updates/s",14} {"reads inconsistent",20}");
            foreach (string pace in new[] { "tight", "spin200" })
            {
                string path = Path.Combine(directory, pace + ".bin");
                using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true });
                LockedBenchStats stats = file.Bind<LockedBenchStats>(0);
                using Process child = StartChild(path, pace);
                if (child.StandardOutput.ReadLine() != "ready")
                {
                    throw new InvalidOperationException("The child did not start.");
                }
                long reads = 0, inconsistent = 0;
                long updatesBefore = stats.Requests;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    LockedBenchStats.Snapshot s = stats.ReadSnapshot();
                    // The child keeps State == (int)LastLatencyMs == Requests (mod 2^31) in every update.
                    if (s.State != (int)s.LastLatencyMs)
                    {
                        inconsistent++;
                    }
                    reads++;
                }
                double elapsed = clock.Elapsed.TotalSeconds;
                long updates = stats.Requests - updatesBefore;
                child.Kill();
                child.WaitForExit();
                Console.WriteLine($"{pace,-12} {reads / elapsed,14:N0} {updates / elapsed,14:N0} {inconsistent,20}");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static int Child(string path, string pace)
    {
        using var file = MappedFile.Open(path, new MapOptions { Length = 4096, FixedSize = true });
        LockedBenchStats stats = file.Bind<LockedBenchStats>(0);
        int spin = pace == "tight" ? 0 : int.Parse(pace["spin".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine("ready");
        for (int i = 1; ; i++)
        {
            using (LockedBenchStats.Update update = stats.BeginUpdate())
            {
                update.State = i;
                update.LastLatencyMs = i;
                stats.GetAndIncrementRequests();
            }
            if (spin > 0)
            {
                Thread.SpinWait(spin);
            }
        }
    }

    private static Process StartChild(string path, string pace)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SnapshotContention).Assembly.Location);
        }
        foreach (string argument in new[] { "snapshot-contention-child", path, pace })
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }
}
