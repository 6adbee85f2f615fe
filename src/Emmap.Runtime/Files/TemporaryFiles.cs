namespace Emmap;

/// <summary>
/// The named unpublished files of <see cref="PublishedFile"/> (on file systems without
/// <c>O_TMPFILE</c>): each is locked by its creator while it lives, so one nobody holds was left by
/// a creator that died, and the next create in the directory deletes it.
/// </summary>
internal static class TemporaryFiles
{
    private static readonly EnumerationOptions Scan = new() { AttributesToSkip = 0, MatchType = MatchType.Simple, IgnoreInaccessible = true };

    /// <summary>Deletes the unpublished files in <paramref name="directory"/> that no live creator holds.</summary>
    internal static void DeleteAbandoned(int directoryFd, string directory)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, $"{PublishedFile.TemporaryPrefix}*{PublishedFile.TemporarySuffix}", Scan).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates)
        {
            string name = System.IO.Path.GetFileName(candidate);
            int fd = Native.OpenAt(directoryFd, name, Native.OpenReadOnly | Native.OpenNoFollow | Native.OpenNonBlocking | Native.OpenCloseOnExec, 0, out _);
            if (fd < 0)
            {
                continue;
            }
            try
            {
                // Its creator holds a lock while it works; a dead creator's lock is gone with it.
                if (Native.Kind(fd) == FileKind.Regular && Native.TryLockExclusive(fd) && Native.Identity(fd) == Native.Identity(candidate))
                {
                    _ = Native.Unlink(directoryFd, name);
                }
            }
            finally
            {
                Native.Close(fd);
            }
        }
    }
}
