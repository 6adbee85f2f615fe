namespace Emmap.Upgrade;

/// <summary>The first version of the shop's shared statistics: what the running worker was built with.</summary>
[MappedLayout(Size = 64)]
public partial struct ShopStatsV1
{
    /// <summary>Orders taken, by every process.</summary>
    [AtomicCounter(0)] public partial long Orders { get; }

    /// <summary>0 running, 1 stop: how the supervisor tells workers to finish.</summary>
    [Field(8)] public partial int Status { get; set; }
}

/// <summary>
/// The next version: a counter in bytes version 1 left unused, a field past its end (the layout grows
/// to 128 bytes), and <c>Status</c> renamed to <c>Command</c> with its former name declared. Every
/// change is compatible, so a file of version 1 upgrades in place.
/// </summary>
[MappedLayout(Size = 128, AllowFalseSharing = true)]
public partial struct ShopStatsV2
{
    [AtomicCounter(0)] public partial long Orders { get; }

    [Field(8, FormerNames = ["Status"])] public partial int Command { get; set; }

    /// <summary>New: refunds, in bytes version 1 never used.</summary>
    [AtomicCounter(16)] public partial long Refunds { get; }

    /// <summary>New: the last order's latency, past version 1's end.</summary>
    [Field(64)] public partial double LastOrderMs { get; set; }
}

/// <summary>An incompatible edit of version 1: <c>Orders</c> narrowed to an <c>int</c>. Refused, naming the member.</summary>
[MappedLayout(Size = 64)]
public partial struct ShopStatsNarrowed
{
    [AtomicCounter(0)] public partial int Orders { get; }

    [Field(8)] public partial int Status { get; set; }
}
