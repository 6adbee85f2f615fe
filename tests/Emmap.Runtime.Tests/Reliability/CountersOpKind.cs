namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The operations the <see cref="MappedCounters"/> model test draws.</summary>
public enum CountersOpKind
{
    Read,
    Increment,
    Decrement,
    Set,
    CompareExchange,
    Xor,
    Write,
    Flush,
    Reopen,
    ReopenExisting,
}
