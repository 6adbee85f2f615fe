namespace Emmap.Runtime.Tests.Reliability;

/// <summary>One random corruption of one file; prints as a few numbers when a property fails.</summary>
public sealed record HeaderCorruption(CorruptedFormat Format, CorruptionKind Kind, int Offset, ulong Value, int Field);
