namespace Emmap;

// Opening a file: the checks, the sizing (with its reservation) and the mapping, each undone when a
// later step fails.
public sealed unsafe partial class MappedFile
{
    /// <summary>
    /// Opens and maps a file (emmap's <c>open/2</c> and <c>open/4</c>).
    /// </summary>
    /// <param name="path">The file to map.</param>
    /// <param name="options">How to open and map it; <see langword="null"/> maps an existing file whole, read-write and shared.</param>
    /// <returns>The open mapping.</returns>
    /// <remarks>
    /// When the call creates the file or makes it longer, the bytes to be mapped are reserved on disk
    /// first (unless <see cref="MapOptions.Sparse"/>), so a full disk is an <see cref="IOException"/>
    /// here rather than a crash later. A call that fails leaves the file as it found it: a file it
    /// created is deleted, a file it grew gets its length back (unless another handle holds it).
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist and <see cref="MapOptions.Create"/> is not set.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory, or access is denied.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The mapping would be empty, or longer than the 128 TiB a process can map, or an option is out of range.</exception>
    /// <exception cref="IOException">The file is smaller than <see cref="MapOptions.Offset"/> + <see cref="MapOptions.Length"/> and <see cref="MapOptions.Fit"/> is not set;
    /// or the disk space cannot be reserved (a full disk or quota; the message names the path and the size);
    /// or <see cref="MapOptions.Truncate"/> is set while another handle has the file open;
    /// or the path is a FIFO, a device or a socket (not a regular file);
    /// or the path is a symbolic link and <see cref="MapOptions.RefuseSymlinks"/> is set, or the call may create, truncate or resize the file (which never happens through a link).</exception>
    public static MappedFile Open(string path, MapOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= MapOptions.Default;
        options.Validate();
        string fullPath = System.IO.Path.GetFullPath(path);
        (FileStream stream, bool created) = FileOpener.Open(fullPath, options);
        return Map(stream, fullPath, options, created);
    }

    /// <summary>
    /// Maps the file open as <paramref name="stream"/> (which it then owns) as <paramref name="options"/>
    /// say, sizing it first when they ask for more than it holds. On failure the stream is closed and
    /// the file left as it was (deleted when <paramref name="created"/>).
    /// </summary>
    /// <param name="stream">The open file.</param>
    /// <param name="fullPath">The user's path, for messages and <see cref="Path"/>.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="created">This call created the file (at <paramref name="fullPath"/>, or unnamed for <c>PublishedFile</c>).</param>
    /// <param name="deleteOnFailure">Delete the file at <paramref name="fullPath"/> on failure when <paramref name="created"/>.</param>
    internal static MappedFile Map(FileStream stream, string fullPath, MapOptions options, bool created, bool deleteOnFailure = true)
    {
        long lengthBefore = -1;
        long end = 0;
        try
        {
            FileOpener.LockShared(stream, fullPath);
            long fileLength = options.Truncate ? 0 : stream.Length;
            long mapLength = FileOpener.MappingLength(fullPath, options, fileLength, fresh: created || options.Truncate || fileLength == 0, stream.CanWrite);
            GrowthPolicy.ThrowIfUnmappable(nameof(options), mapLength, mapLength, $"Mapping '{fullPath}'");
            end = options.Offset + mapLength;
            if (options.Truncate && stream.Length != 0)
            {
                Truncate(stream, fullPath, options, mapLength);
            }
            if (fileLength < end)
            {
                lengthBefore = stream.Length;
                FileSpace.ThrowIfCannotMap(fullPath, mapLength, lengthBefore);
                FileSpace.Grow(stream, fullPath, options.Offset, end, options.Sparse);
            }
            MappedRegion region = MappedRegion.MapFile(stream, fullPath, options.Offset, mapLength, options.Access == MapAccess.ReadWrite, options.Sharing == MapSharing.Shared);
            if (options.Populate)
            {
                Populate(region, fullPath);
            }
            // A link followed by a plain open: the handle maps the target but never changes its length.
            bool throughLink = !created && FileOpener.IsSymlink(fullPath);
            return new MappedFile(region, stream, fullPath, options, created, throughLink);
        }
        catch
        {
            (ulong, ulong)? identity = created ? Native.Identity(stream.SafeFileHandle.DangerousGetHandle()) : null;
            if (lengthBefore >= 0 && !created)
            {
                FileSpace.RollBack(stream, lengthBefore, end);
            }
            stream.Dispose();
            if (created && deleteOnFailure && FileOpener.IsSameFile(fullPath, identity))
            {
                File.Delete(fullPath);
            }
            throw;
        }
    }

    /// <summary>
    /// Empties the file for <see cref="MapOptions.Truncate"/>, holding the exclusive lock (no other
    /// handle may have it mapped), and first refuses when the emptied file could not then hold the
    /// mapping, so that a full disk does not cost the file its content.
    /// </summary>
    private static void Truncate(FileStream stream, string fullPath, MapOptions options, long mapLength)
    {
        FileOpener.LockForShrinking(stream, fullPath, "truncate it (MapOptions.Truncate)");
        try
        {
            if (!options.Sparse && Native.IsLinux && Native.RoomIfEmptied(stream.SafeFileHandle.DangerousGetHandle()) is long room && room < mapLength)
            {
                throw new IOException(
                    $"Cannot reserve {mapLength} bytes of disk space for '{fullPath}' (MapOptions.Truncate): the file system has room for {room} even with the file emptied ({Errno.Describe(Errno.ENOSPC)}). The file keeps its {stream.Length} bytes.");
            }
            stream.SetLength(0);
        }
        finally
        {
            FileOpener.UnlockAfterShrinking(stream);
        }
    }
}
