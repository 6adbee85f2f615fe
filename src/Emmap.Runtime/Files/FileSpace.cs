namespace Emmap;

/// <summary>
/// Sizes the files Emmap creates, grows and resizes so that a full disk is an <see cref="IOException"/>
/// at that call, never a <c>SIGBUS</c> at a later access through the mapping: the bytes to be
/// mapped are reserved (<see cref="Native.Reserve"/>) unless the caller asked for a sparse file.
/// A failure leaves the file's length and bytes as they were.
/// </summary>
internal static class FileSpace
{
    /// <summary>
    /// Makes the file at least <paramref name="end"/> bytes long, with the bytes from
    /// <paramref name="start"/> to <paramref name="end"/> reserved on disk (unless <paramref name="sparse"/>).
    /// </summary>
    /// <param name="stream">The open file.</param>
    /// <param name="path">The user's path, for messages.</param>
    /// <param name="start">The first byte to reserve (the mapping's, or the growth's, first byte).</param>
    /// <param name="end">The length the file needs.</param>
    /// <param name="sparse">Only set the length (<see cref="MapOptions.Sparse"/>).</param>
    /// <exception cref="IOException">No room (a full disk or quota), a file too large for the file system, or a file system that cannot reserve; the message names the path and the size, and the file is unchanged.</exception>
    /// <param name="privateFile">
    /// No other process can see the file yet (an unpublished file): on a file system without
    /// <c>fallocate</c> its bytes are reserved by writing zeros, which is safe only there.
    /// </param>
    internal static void Grow(FileStream stream, string path, long start, long end, bool sparse, bool privateFile = false)
    {
        long before = stream.Length;
        if (!Native.IsLinux)
        {
            if (before < end)
            {
                stream.SetLength(end); // Windows allocates (NTFS files are not sparse unless asked); elsewhere the file may be sparse
            }
            return;
        }
        nint fd = stream.SafeFileHandle.DangerousGetHandle();
        int errno = sparse ? (before < end ? Native.ExtendSparse(fd, end) : 0) : Native.Reserve(fd, start, end);
        if (errno == Errno.EOPNOTSUPP && privateFile)
        {
            WriteZeros(stream, path, start, end);
            return;
        }
        if (errno == 0)
        {
            return;
        }
        if (!sparse && Native.TryLockExclusive(fd))
        {
            // No other handle can be growing the file: give back what the failed reservation allocated past its end.
            Native.TrimPastEnd(fd);
            _ = Native.TryLockShared(fd);
        }
        throw Failed(path, start, end, before, errno, sparseHint: !privateFile);
    }

    /// <summary>
    /// Throws before the file is touched when the process has no room in its address space for a
    /// mapping of <paramref name="length"/> bytes (an address-space limit, <c>RLIMIT_AS</c>).
    /// </summary>
    /// <exception cref="IOException">No room; the message names the path and the size.</exception>
    internal static void ThrowIfCannotMap(string path, long length, long fileLength)
    {
        int errno = Native.ProbeAddressSpace(length);
        if (errno != 0)
        {
            throw new IOException(
                $"Cannot map {length} bytes of '{path}': the process has no room for them in its address space ({Errno.Describe(errno)}; see ulimit -v). The file keeps its {fileLength} bytes.");
        }
    }

    /// <summary>
    /// Undoes a <see cref="Grow"/> from <paramref name="previous"/> to <paramref name="grownTo"/> bytes
    /// after a later step failed, so that a failed open, resize or growth changes nothing. It shortens
    /// the file only when it is still <paramref name="grownTo"/> bytes and no other handle holds it
    /// (an exclusive <c>flock</c>): shortening under another handle's mapping would fault it.
    /// </summary>
    internal static void RollBack(FileStream stream, long previous, long grownTo)
    {
        if (previous >= grownTo)
        {
            return;
        }
        nint fd = stream.SafeFileHandle.DangerousGetHandle();
        if (!Native.TryLockExclusive(fd))
        {
            return;
        }
        try
        {
            if (stream.Length == grownTo)
            {
                stream.SetLength(previous);
            }
        }
        catch (IOException)
        {
            // The earlier failure is what the caller reports.
        }
        finally
        {
            _ = Native.TryLockShared(fd);
        }
    }

    /// <summary>Reserves by writing zeros (an unpublished file on a file system without <c>fallocate</c>).</summary>
    private static void WriteZeros(FileStream stream, string path, long start, long end)
    {
        byte[] zeros = new byte[Math.Min(end - start, 1 << 20)];
        try
        {
            for (long at = start; at < end; at += zeros.Length)
            {
                RandomAccess.Write(stream.SafeFileHandle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, end - at)), at);
            }
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot reserve {end - start} bytes of disk space for '{path}' (by writing zeros: its file system has no fallocate): {e.Message}", e);
        }
    }

    private static IOException Failed(string path, long start, long end, long before, int errno, bool sparseHint)
    {
        string reason = Errno.Describe(errno);
        string keeps = $"The file keeps its {before} bytes.";
        string sparse = sparseHint ? " Set MapOptions.Sparse to map it without reserving (a full disk then kills the process on first touch)." : string.Empty;
        return errno switch
        {
            _ when Errno.IsNoSpace(errno) => new IOException(
                $"Cannot reserve {end - start} bytes of disk space for '{path}' (bytes {start} to {end}): {reason}. {keeps} Free some space{(sparseHint ? ", or set MapOptions.Sparse to map it without reserving (a full disk then kills the process on first touch)" : string.Empty)}."),
            Errno.EFBIG => new IOException($"'{path}' cannot be made {end} bytes long: {reason}; the file system's largest file is smaller. {keeps}"),
            Errno.EOPNOTSUPP => new IOException(
                $"The file system of '{path}' cannot reserve disk space (fallocate: {reason}), so a full disk would kill the process at its first touch of bytes {start} to {end} instead of failing here. {keeps}{sparse}"),
            _ => new IOException($"Cannot reserve bytes {start} to {end} of '{path}': {reason}. {keeps}"),
        };
    }
}
