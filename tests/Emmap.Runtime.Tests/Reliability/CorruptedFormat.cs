namespace Emmap.Runtime.Tests.Reliability;

/// <summary>Which file a corruption is applied to.</summary>
public enum CorruptedFormat
{
    EmmapCounters,
    PaddedCounters,
    Layout,

    /// <summary>A layout file's current schema record (its slot 0), with the checksum made to match or not.</summary>
    LayoutSchema,
}
