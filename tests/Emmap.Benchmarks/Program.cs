using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project tests/Emmap.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project tests/Emmap.Benchmarks -- --filter '*Pread*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Emmap.Benchmarks.BenchmarkConfig());
