// Compiled into both Emmap.Runtime.Tests and Emmap.TestProcess, like ServiceStats.cs.
namespace Emmap.Tests.Shared;

/// <summary>
/// <see cref="ServiceStats"/> after one field changed (<c>State</c> widened from <c>int</c> to
/// <c>long</c>): same size, another layout hash. Opening a ServiceStats file as this must fail.
/// </summary>
[MappedLayout(Size = 128)]
public partial struct ServiceStatsV2
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial long State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}
