namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The operations the <see cref="MappedCounters"/> model test draws.</summary>
public enum CountersOpKind
{
    Read,
    Increment,
    Decrement,
    Set,
    CompareExchange,
    CompareAndSet,
    Flush,
    Reopen,
    ReopenExisting,
}

/// <summary>One step of a random counters sequence; <see cref="UseCurrent"/> makes a compare-exchange match.</summary>
public sealed record CountersOp(CountersOpKind Kind, int Index, long Value, bool UseCurrent);
