using Emmap;

namespace Emmap.Exporter;

/// <summary>How the shop is doing; stored as one byte.</summary>
public enum ShopStatus : byte
{
    Starting = 0,
    Serving = 1,
    Draining = 2,
}

/// <summary>The shared state a shop process writes and the exporter publishes.</summary>
[MappedLayout(Size = 128)]
public partial struct ShopStats
{
    /// <summary>Orders taken (a counter: exported as a sum).</summary>
    [AtomicCounter(0)] public partial long Orders { get; }

    /// <summary>Orders that failed.</summary>
    [AtomicCounter(64)] public partial long Failures { get; }

    /// <summary>What the shop is doing (a gauge of the enum's value).</summary>
    [Field(8)] public partial ShopStatus Status { get; set; }

    /// <summary>Orders waiting.</summary>
    [Field(12)] public partial int QueueDepth { get; set; }

    /// <summary>The last order's latency.</summary>
    [Field(16)] public partial double LatencyMs { get; set; }
}
