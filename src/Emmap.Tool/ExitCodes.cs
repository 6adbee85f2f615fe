namespace Emmap.Tool;

/// <summary>The tool's exit codes, documented in <c>docs/tool.md</c>; scripts rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>The file was read and shown.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong (System.CommandLine's own code for a parse error).</summary>
    public const int Usage = 1;

    /// <summary>The file could not be read: missing, unreadable, a directory, a FIFO or another non-regular file.</summary>
    public const int CannotRead = 2;

    /// <summary>The file was read but is not an Emmap file, or its Emmap header is inconsistent; what could be read was shown.</summary>
    public const int NotAnEmmapFile = 3;

    /// <summary>Something went wrong that is not about the file: a bug in the tool (the line names the exception).</summary>
    public const int InternalError = 70;
}
