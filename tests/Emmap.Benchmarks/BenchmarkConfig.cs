using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace Emmap.Benchmarks;

/// <summary>
/// Every benchmark runs in three processes (sub-nanosecond loops vary more between processes, with
/// code and data placement, than within one) with the memory diagnoser (hot paths must allocate
/// nothing), and reports ratios against the baseline measured in the same run, grouped by category
/// so each operation has its own baseline.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithLaunchCount(3)
            .WithId("Emmap"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BaselineRatioColumn.RatioMean, BaselineRatioColumn.RatioStdDev, RankColumn.Arabic);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
        WithOptions(ConfigOptions.JoinSummary);
    }
}
