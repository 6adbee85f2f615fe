namespace Emmap.Runtime.Tests.Reliability;

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
