namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The operations the <see cref="MappedFile"/> model test draws.</summary>
public enum FileOpKind
{
    WriteAt,
    ReadAt,
    Seek,
    ReadSequential,
    AddInt64,
    CompareExchangeInt32,
    WriteVolatileInt64,
    ReadVolatileInt32,
    LeaseWrite,
    LeaseRead,
    Resize,
    Flush,
    Reopen,
}
