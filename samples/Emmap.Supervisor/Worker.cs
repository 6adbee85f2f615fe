using System.Diagnostics;

namespace Emmap.Samples.Supervisor;

/// <summary>A worker process: reports ready, waits for the go, processes its items, reports done.</summary>
internal static class Worker
{
    public static int Run(string path, int index)
    {
        // The supervisor created the file; a worker never creates one.
        using var file = LayoutFile<SupervisorState>.Open(path, new LayoutFileOptions { CreateIfMissing = false });
        SupervisorState state = file.Layout;
        RunConfig config = state.Config;
        WorkerSlot slot = state.Workers[index];

        slot.ProcessId = Environment.ProcessId;
        slot.Status = WorkerStatus.Ready;
        // Sleep until the supervisor's go: its write wakes us, no polling.
        if (!config.WaitForGoChange(0, TimeSpan.FromSeconds(30)))
        {
            Console.Error.WriteLine($"worker {index}: no go from the supervisor within 30 s");
            return 1;
        }

        slot.Status = WorkerStatus.Working;
        var item = Stopwatch.StartNew();
        for (int i = 1; i <= config.ItemsPerWorker; i++)
        {
            item.Restart();
            Thread.Sleep(1); // the "work"
            // One update: a snapshot sees the slot and the totals change together, never one without the other.
            using (state.BeginUpdate())
            {
                if (i % config.FailEvery == 0)
                {
                    state.GetAndIncrementErrors();
                }
                slot.LastItemMs = item.Elapsed.TotalMilliseconds;
                slot.GetAndIncrementProcessed();
                state.GetAndIncrementTotalProcessed();
            }
        }
        using (state.BeginUpdate())
        {
            slot.Status = WorkerStatus.Done;
            state.GetAndIncrementWorkersDone();
        }
        return 0;
    }
}
