using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project tests/Emmap.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project tests/Emmap.Benchmarks -- --filter '*Pread*'
// Wake latency and idle CPU between two processes (not BenchmarkDotNet):
//            dotnet run -c Release --project tests/Emmap.Benchmarks -- wake-latency [wakes]
// Snapshot reads per second while another process updates (not BenchmarkDotNet):
//            dotnet run -c Release --project tests/Emmap.Benchmarks -- snapshot-contention [seconds]
// Ring vs Unix socket, pipe and Channels between processes (throughput and round trips):
//            dotnet run -c Release --project tests/Emmap.Benchmarks -- ring-bench [messages [round trips [rounds]]]
// Only its paired spinning round trips (ring and raw counter alternating in one process pair):
//            dotnet run -c Release --project tests/Emmap.Benchmarks -- ring-paired [round trips [rounds]]
return args switch
{
    ["wake-latency", .. var rest] => Emmap.Benchmarks.WakeLatency.Run(rest),
    ["wake-latency-child", string method, string path, string wakes] => Emmap.Benchmarks.WakeLatency.Child(method, path, int.Parse(wakes)),
    ["snapshot-contention", .. var rest] => Emmap.Benchmarks.SnapshotContention.Run(rest),
    ["snapshot-contention-child", string path, string pace] => Emmap.Benchmarks.SnapshotContention.Child(path, pace),
    ["ring-bench", .. var rest] => Emmap.Benchmarks.RingThroughput.Run(rest),
    ["ring-paired", .. var rest] => Emmap.Benchmarks.RingThroughput.RunPaired(rest),
    ["ring-bench-child", .. var rest] => Emmap.Benchmarks.RingThroughput.Child(rest),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Emmap.Benchmarks.BenchmarkConfig());
    return 0;
}
