namespace Emmap.Runtime.Tests.Reliability;

/// <summary>Which file a corruption is applied to.</summary>
public enum CorruptedFormat
{
    EmmapCounters,
    PaddedCounters,
    Layout,
}

/// <summary>How a valid file is corrupted.</summary>
public enum CorruptionKind
{
    /// <summary>XOR a non-zero mask into one byte of the validated header.</summary>
    FlipByte,

    /// <summary>Cut the file to <see cref="HeaderCorruption.Offset"/> bytes (less than its length).</summary>
    Truncate,

    /// <summary>Write <see cref="HeaderCorruption.Value"/> over one header field.</summary>
    OverwriteField,

    /// <summary>Append bytes (counters files only: a layout file may be longer than its data).</summary>
    Extend,
}

/// <summary>One random corruption of one file; prints as a few numbers when a property fails.</summary>
public sealed record HeaderCorruption(CorruptedFormat Format, CorruptionKind Kind, int Offset, ulong Value, int Field);
