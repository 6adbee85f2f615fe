using System.Diagnostics;

namespace Emmap.Samples.Supervisor;

/// <summary>The supervisor: creates the shared file, starts the workers, watches them, checks the totals.</summary>
internal static class Supervisor
{
    private const int ItemsPerWorker = 2000;
    private const int FailEvery = 97;

    public static int Run(int workerCount)
    {
        if (workerCount is < 1 or > SupervisorState.MaxWorkers)
        {
            Console.Error.WriteLine($"The worker count {workerCount} is out of range: 1 to {SupervisorState.MaxWorkers}.");
            return 2;
        }
        string path = Path.Combine(Path.GetTempPath(), $"emmap-supervisor-{Environment.ProcessId}.layout");
        try
        {
            return Supervise(path, workerCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Supervise(string path, int workerCount)
    {
        using var file = LayoutFile<SupervisorState>.Open(path);
        SupervisorState state = file.Layout;
        RunConfig config = state.Config;
        config.WorkerCount = workerCount;
        config.ItemsPerWorker = ItemsPerWorker;
        config.FailEvery = FailEvery;
        Console.WriteLine($"supervisor {Environment.ProcessId}: {file.Path} ({SupervisorState.Size} bytes of state at offset {file.DataOffset}, layout hash 0x{SupervisorState.LayoutHash:X16})");

        var processes = new List<Process>();
        try
        {
            for (int i = 0; i < workerCount; i++)
            {
                processes.Add(StartWorker(path, i));
            }
            if (!AllReady(state, workerCount, TimeSpan.FromSeconds(30)))
            {
                Console.Error.WriteLine("The workers did not all report ready within 30 s.");
                return 1;
            }
            Console.WriteLine($"{workerCount} workers ready; go.");
            config.Go = 1; // wakes every worker waiting for it

            var deadline = Stopwatch.StartNew();
            int snapshots = 0, inconsistent = 0;
            while (state.WorkersDone < workerCount)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    Console.Error.WriteLine("The workers did not finish within 60 s.");
                    return 1;
                }
                if (processes.Any(p => p.HasExited && p.ExitCode != 0))
                {
                    Console.Error.WriteLine("A worker failed.");
                    return 1;
                }
                // Sleep until every worker is done (the last one's increment wakes us), printing the live values every 400 ms meanwhile.
                state.WaitUntilWorkersDoneAtLeast(workerCount, TimeSpan.FromMilliseconds(400));
                if (!PrintLive(state.ReadSnapshot(), workerCount))
                {
                    inconsistent++;
                }
                snapshots++;
            }
            foreach (Process p in processes)
            {
                p.WaitForExit();
            }
            Console.WriteLine($"live snapshots: {snapshots}, {inconsistent} where the total was not the workers' sum");
            if (inconsistent > 0)
            {
                return 1;
            }
        }
        finally
        {
            foreach (Process p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }
                p.Dispose();
            }
        }
        return Summarize(state, workerCount);
    }

    private static Process StartWorker(string path, int index)
    {
        // Start this program again: its apphost, or "dotnet <dll>" when run that way.
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Supervisor).Assembly.Location);
        }
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start)!;
    }

    private static bool AllWorkers(in SupervisorState.Snapshot state, int workerCount, WorkerStatus status)
    {
        for (int i = 0; i < workerCount; i++)
        {
            if (state.Workers[i].Status != status)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Waits until every worker reports ready: each worker's status write wakes this wait on it.</summary>
    private static bool AllReady(SupervisorState state, int workerCount, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < workerCount; i++)
        {
            WorkerSlot slot = state.Workers[i];
            WorkerStatus status;
            while ((status = slot.Status) != WorkerStatus.Ready)
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || !slot.WaitForStatusChange(status, left))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Prints one consistent snapshot; returns whether its total is the sum of its workers' counts (always, with the lock).</summary>
    private static bool PrintLive(in SupervisorState.Snapshot state, int workerCount)
    {
        var line = new System.Text.StringBuilder($"total {state.TotalProcessed,5}  errors {state.Errors,3} |");
        long sum = 0;
        for (int i = 0; i < workerCount; i++)
        {
            WorkerSlot.Snapshot slot = state.Workers[i];
            sum += slot.Processed;
            line.Append($" w{i} {slot.Status,-8} {slot.Processed,4} ({slot.LastItemMs,4:F1} ms) |");
        }
        Console.WriteLine(line);
        return sum == state.TotalProcessed;
    }

    private static int Summarize(SupervisorState layout, int workerCount)
    {
        SupervisorState.Snapshot state = layout.ReadSnapshot();
        long sum = 0;
        Console.WriteLine("summary:");
        for (int i = 0; i < workerCount; i++)
        {
            WorkerSlot.Snapshot slot = state.Workers[i];
            sum += slot.Processed;
            Console.WriteLine($"  worker {i} (pid {slot.ProcessId}): {slot.Status}, {slot.Processed} items");
        }
        long expected = (long)workerCount * ItemsPerWorker;
        long expectedErrors = workerCount * (ItemsPerWorker / FailEvery);
        Console.WriteLine($"  total {state.TotalProcessed} (workers' sum {sum}, expected {expected}); errors {state.Errors} (expected {expectedErrors}); workers done {state.WorkersDone}");
        bool ok = state.TotalProcessed == expected && sum == expected && state.Errors == expectedErrors
            && state.WorkersDone == workerCount && AllWorkers(state, workerCount, WorkerStatus.Done);
        Console.WriteLine(ok ? "OK: the totals add up." : "MISMATCH: the totals do not add up.");
        return ok ? 0 : 1;
    }
}
