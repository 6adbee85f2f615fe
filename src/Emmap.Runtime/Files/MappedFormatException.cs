namespace Emmap;

/// <summary>
/// An existing file is not in the format the caller asked for: a foreign magic, a different counter
/// count, layout hash or size, a wrong file length. The message names what was found and what was
/// expected. The file is never changed by the call that throws this.
/// </summary>
public class MappedFormatException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public MappedFormatException()
        : base("The file is not in the expected format.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was found and what was expected.</param>
    public MappedFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="innerException">The cause.</param>
    public MappedFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Creates the exception for one mismatch in <paramref name="path"/>; the message is
    /// <c>'{path}': {subject} is {found}, expected {expected}.</c> followed by <paramref name="hint"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="subject">What did not match, e.g. <c>"the counter count"</c>.</param>
    /// <param name="found">What the file holds, as text.</param>
    /// <param name="expected">What the caller expected, as text.</param>
    /// <param name="hint">A sentence on what to do, or <see langword="null"/>.</param>
    public MappedFormatException(string path, string subject, string found, string expected, string? hint = null)
        : base($"'{path}': {subject} is {found}, expected {expected}.{(hint is null ? string.Empty : " " + hint)}")
    {
        FilePath = path;
        Subject = subject;
        Found = found;
        Expected = expected;
    }

    /// <summary>The file, when the exception was created for one mismatch.</summary>
    public string? FilePath { get; }

    /// <summary>What did not match (e.g. <c>"the magic"</c>, <c>"the counter count"</c>), when known.</summary>
    public string? Subject { get; }

    /// <summary>What the file holds, as text, when known.</summary>
    public string? Found { get; }

    /// <summary>What the caller expected, as text, when known.</summary>
    public string? Expected { get; }
}
