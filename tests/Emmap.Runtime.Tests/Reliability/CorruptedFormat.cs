namespace Emmap.Runtime.Tests.Reliability;

/// <summary>Which file a corruption is applied to.</summary>
public enum CorruptedFormat
{
    EmmapCounters,
    PaddedCounters,
    Layout,
}
