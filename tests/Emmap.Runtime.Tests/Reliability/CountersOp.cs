namespace Emmap.Runtime.Tests.Reliability;

/// <summary>One step of a random counters sequence; <see cref="UseCurrent"/> makes a compare-exchange match.</summary>
public sealed record CountersOp(CountersOpKind Kind, int Index, long Value, bool UseCurrent);
