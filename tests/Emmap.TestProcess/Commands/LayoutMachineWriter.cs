using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>layout-machine-writer &lt;path&gt;</c>: creates the <see cref="MachineStats"/> layout file and
/// writes every member (<see cref="First"/>), prints <c>wrote 1</c>, waits for a line on stdin, then
/// changes some (<see cref="Second"/>), prints <c>wrote 2</c> and exits. The values are documented
/// here because the tests that read them with another program check them.
/// </summary>
internal static class LayoutMachineWriter
{
    internal static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: layout-machine-writer <path>");
            return 2;
        }
        using var file = LayoutFile<MachineStats>.Open(args[0]);
        MachineStats stats = file.Layout;
        First(stats);
        Console.WriteLine("wrote 1");
        if (Console.ReadLine() is not null)
        {
            Second(stats);
            Console.WriteLine("wrote 2");
        }
        return 0;
    }

    /// <summary>
    /// Requests 42, State Running, Temperature 36.5, LatencyBuckets [1, 2, 3, 4], History [Idle, Failed],
    /// Errors 7, Leader { Jobs 5, State Draining, Load 0.25 }, Workers [{ Jobs 11 }, { Jobs 13, State Failed }].
    /// </summary>
    private static void First(MachineStats stats)
    {
        stats.GetAndAddRequests(42);
        stats.State = MachineState.Running;
        stats.Temperature = 36.5;
        for (int i = 0; i < 4; i++)
        {
            MappedArray<int> buckets = stats.LatencyBuckets;
            buckets[i] = i + 1;
        }
        MappedArray<MachineState> history = stats.History;
        history[0] = MachineState.Idle;
        history[1] = MachineState.Failed;
        stats.GetAndAddErrors(7);
        WorkerStats leader = stats.Leader;
        leader.GetAndAddJobs(5);
        leader.State = MachineState.Draining;
        leader.Load = 0.25f;
        stats.Workers[0].GetAndAddJobs(11);
        WorkerStats second = stats.Workers[1];
        second.GetAndAddJobs(13);
        second.State = MachineState.Failed;
    }

    /// <summary>Requests 50 (+8), Temperature 40, Workers[1].Jobs 14 (+1).</summary>
    private static void Second(MachineStats stats)
    {
        stats.GetAndAddRequests(8);
        stats.Temperature = 40.0;
        stats.Workers[1].GetAndAddJobs(1);
    }
}
