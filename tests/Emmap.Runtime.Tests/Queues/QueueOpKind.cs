namespace Emmap.Runtime.Tests.Queues;

/// <summary>The operations <see cref="MappedQueueModelTests"/> draws.</summary>
public enum QueueOpKind
{
    Push,
    TryPush,
    Pop,
    TryPop,
    TryPopToWriter,
    PeekFront,
    PeekBack,
    Count,
    IsEmpty,
    Purge,
    Reopen,
}
