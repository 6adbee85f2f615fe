namespace Emmap.Tool;

/// <summary>Turns what went wrong into the one line on standard error and the exit code (<c>docs/tool.md</c>, "Exit codes").</summary>
internal static class Failure
{
    /// <summary>Writes <c>emmap: {message}</c> to standard error and returns <paramref name="exitCode"/>.</summary>
    public static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine("emmap: " + message.ReplaceLineEndings(" "));
        return exitCode;
    }

    /// <summary>The exit code for an exception opening or reading a file, after reporting it; rethrows what is not about the file.</summary>
    public static int Report(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => Report(exception.Message, ExitCodes.CannotRead),
        UnauthorizedAccessException => Report(exception.Message, ExitCodes.CannotRead),
        MappedFormatException => Report(exception.Message, ExitCodes.NotAnEmmapFile), // changed between the look and the open
        IOException => Report(exception.Message, ExitCodes.CannotRead),
        _ => Report($"unexpected {exception.GetType().Name}: {exception.Message}", ExitCodes.InternalError),
    };

    /// <summary>The line for a file that is not an Emmap file, or whose Emmap header is inconsistent; null when it is fine.</summary>
    public static string? Describe(EmmapFileDescription description)
    {
        if (description.Problem is not null)
        {
            return description.Problem;
        }
        if (description.Kind != EmmapFileKind.Unknown)
        {
            return null;
        }
        ReadOnlySpan<byte> prefix = description.Prefix.Span;
        string start = prefix.Length < 8
            ? $"it is only {description.Length} bytes long"
            : $"it starts with 0x{Convert.ToHexString(prefix[..8])}";
        return $"'{description.Path}' is not an Emmap file: {start}, not a counters magic (\"EMMAP01\\n\", \"EMMAPPAD\"), a layout magic (\"EMLAYOUT\") or a ring magic (\"EMMAPRNG\").";
    }
}
