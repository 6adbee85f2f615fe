namespace Emmap;

/// <summary>
/// Creates files that must never be seen half-initialised (counters files, layout files): the
/// content, header included, is written into a file no other process can see, which is then linked
/// into place in one step that never replaces an existing file. A process that opens the path sees
/// either no file or a complete one; when several processes create the same path at once, exactly
/// one file wins and every process opens that one.
/// </summary>
/// <remarks>
/// On Linux the unpublished file has no name at all (<c>O_TMPFILE</c>, published with
/// <c>linkat</c>), so a process killed while creating leaves nothing behind, and any name the file
/// system accepts works. Where the file system has no <c>O_TMPFILE</c> it has a short name,
/// <c>.emmap-{random}.tmp</c>, locked (<c>flock</c>) by its creator while it lives; a later create
/// in the same directory deletes any such file whose creator is gone. Exceptions name the user's
/// path, never the unpublished file. The space is reserved before anything is written (see
/// <see cref="FileSpace"/>), so a full disk fails the create and leaves no file.
/// </remarks>
internal static class PublishedFile
{
    private const int Attempts = 8;

    /// <summary>The start of an unpublished file's name where the file system has no <c>O_TMPFILE</c>.</summary>
    internal const string TemporaryPrefix = ".emmap-";

    /// <summary>The end of an unpublished file's name.</summary>
    internal const string TemporarySuffix = ".tmp";

    /// <summary>For tests: act as if no file system had <c>O_TMPFILE</c> (set in a helper process only).</summary>
    internal static bool NamedTemporaryOnly { get; set; }

    /// <summary>
    /// Opens <paramref name="path"/>, creating it first when it does not exist. The call may create,
    /// so a symbolic link at the path is never followed (<see cref="FileOpener.LinkRefusal"/>).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="createLength">The length of a newly created file.</param>
    /// <param name="createMode">The Unix permissions of a newly created file.</param>
    /// <param name="headerLength">How many leading bytes <paramref name="validate"/> needs to see.</param>
    /// <param name="initialize">Writes the header and initial content into a new file's mapping.</param>
    /// <param name="validate">
    /// Checks an existing file before it is mapped: receives the path, its first
    /// <paramref name="headerLength"/> bytes (fewer if the file is shorter) and its length, and throws
    /// when the file is not what the caller expects. Nothing is written to a file that fails it.
    /// </param>
    /// <param name="mapOptions">How to map the file once it is valid (its <c>Create</c> and <c>Length</c> are ignored).</param>
    /// <param name="growable">
    /// Map the file so that <see cref="MappedFile.Resize"/> can grow it (for formats that grow, such
    /// as queue files); otherwise it is mapped with <see cref="MapOptions.FixedSize"/>.
    /// </param>
    /// <returns>The file, mapped whole, and whether this call created it.</returns>
    internal static (MappedFile File, bool Created) OpenOrCreate(
        string path,
        long createLength,
        UnixFileMode createMode,
        int headerLength,
        Action<MappedFile> initialize,
        HeaderValidator validate,
        MapOptions mapOptions,
        bool growable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        string? refuseLinks = FileOpener.LinkRefusal(mapOptions.RefuseSymlinks, mayResize: true);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (TryOpenExisting(fullPath, headerLength, validate, mapOptions, refuseLinks, growable) is MappedFile existing)
            {
                return (existing, false);
            }
            if (TryCreate(fullPath, createLength, createMode, headerLength, initialize, validate, mapOptions, growable) is MappedFile created)
            {
                return (created, true);
            }
        }
        throw new IOException($"The file '{fullPath}' kept appearing and disappearing while it was being opened ({Attempts} attempts); another process is deleting it.");
    }

    /// <summary>
    /// Opens an existing file that <paramref name="validate"/> accepts, never creating or changing it
    /// (a symbolic link is followed unless <see cref="MapOptions.RefuseSymlinks"/>).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="headerLength">How many leading bytes <paramref name="validate"/> needs to see.</param>
    /// <param name="validate">As for <see cref="OpenOrCreate"/>.</param>
    /// <param name="mapOptions">How to map the file once it is valid (its <c>Create</c> and <c>Length</c> are ignored).</param>
    /// <returns>The file, mapped whole.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    internal static MappedFile OpenExisting(string path, int headerLength, HeaderValidator validate, MapOptions mapOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        return TryOpenExisting(fullPath, headerLength, validate, mapOptions, FileOpener.LinkRefusal(mapOptions.RefuseSymlinks, mayResize: false))
            ?? throw new FileNotFoundException($"The file '{fullPath}' does not exist.", fullPath);
    }

    /// <summary>Opens the file once, validates its header, maps that same descriptor and validates the mapped bytes; <see langword="null"/> when nothing is at the path.</summary>
    private static MappedFile? TryOpenExisting(string path, int headerLength, HeaderValidator validate, MapOptions mapOptions, string? refuseLinks, bool growable = false)
    {
        FileAccess access = mapOptions.Access == MapAccess.ReadWrite && mapOptions.Sharing == MapSharing.Shared ? FileAccess.ReadWrite : FileAccess.Read;
        FileStream stream;
        try
        {
            stream = FileOpener.OpenExisting(path, access, refuseLinks);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        try
        {
            long length = RandomAccess.GetLength(stream.SafeFileHandle);
            byte[] header = new byte[(int)Math.Min(headerLength, length)];
            int read = 0;
            while (read < header.Length)
            {
                int n = RandomAccess.Read(stream.SafeFileHandle, header.AsSpan(read), read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            validate(path, header.AsSpan(0, read), length);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        MappedFile file = MappedFile.Map(stream, path, new MapOptions
        {
            Access = mapOptions.Access,
            Sharing = mapOptions.Sharing,
            FixedSize = !growable,
            Populate = mapOptions.Populate,
        }, created: false);
        // Validate what was mapped too, in case another program truncated or rewrote the file in
        // between. Still nothing has been written to it.
        return Validated(file, path, headerLength, validate);
    }

    /// <summary>Runs <paramref name="validate"/> on the mapped file (which also gives the caller what it reads from the header); disposes the file when it throws.</summary>
    private static MappedFile Validated(MappedFile file, string path, int headerLength, HeaderValidator validate)
    {
        try
        {
            validate(path, file.ReadAt(0, (int)Math.Min(headerLength, file.Length)), file.Length);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes a complete new file and links it into place at <paramref name="path"/>; <see langword="null"/> when something got there first.</summary>
    private static MappedFile? TryCreate(string path, long length, UnixFileMode mode, int headerLength, Action<MappedFile> initialize, HeaderValidator validate, MapOptions mapOptions, bool growable)
    {
        if (!Native.IsLinux)
        {
            return TryCreatePortable(path, length, mode, initialize, mapOptions, growable) is MappedFile portable ? Validated(portable, path, headerLength, validate) : null;
        }
        string directory = System.IO.Path.GetDirectoryName(path)!;
        int directoryFd = Native.Open(directory, Native.OpenReadOnly | Native.OpenDirectory | Native.OpenCloseOnExec, 0, out int errno);
        if (directoryFd < 0)
        {
            throw FileOpener.ErrorFor(path, errno == Errno.ENOENT || errno == Errno.ENOTDIR ? Errno.ENOTDIR : errno);
        }
        try
        {
            (int fd, string? name) = CreateUnpublished(directoryFd, directory, path, mode);
            FileStream stream = FileOpener.Wrap(fd, FileAccess.ReadWrite);
            try
            {
                MappedFile file;
                try
                {
                    FileSpace.Grow(stream, path, 0, length, sparse: false, privateFile: true);
                    file = MappedFile.Map(stream, path, new MapOptions { FixedSize = !growable, Populate = mapOptions.Populate }, created: true, deleteOnFailure: false);
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
                try
                {
                    initialize(file);
                    file.Flush();
                    int linked = name is null ? Native.LinkUnnamed(fd, path) : Native.Link(directoryFd, name, path);
                    if (linked == 0)
                    {
                        return Validated(file, path, headerLength, validate);
                    }
                    file.Dispose();
                    // EEXIST: another creator won (or something else is there: opening it says what).
                    // ENOENT for a named file: a racing create took it for a dead creator's; try again.
                    return linked == Errno.EEXIST || (linked == Errno.ENOENT && name is not null) ? null : throw FileOpener.ErrorFor(path, linked);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            finally
            {
                if (name is not null)
                {
                    _ = Native.Unlink(directoryFd, name);
                }
            }
        }
        finally
        {
            Native.Close(directoryFd);
        }
    }

    /// <summary>
    /// Creates the unpublished file in the directory, after deleting the named leftovers of creators
    /// that died: unnamed (<c>O_TMPFILE</c>) where the file system allows it, else under a short
    /// random name, locked at once.
    /// </summary>
    private static (int Fd, string? Name) CreateUnpublished(int directoryFd, string directory, string path, UnixFileMode mode)
    {
        // A creator killed on a file system without O_TMPFILE left its named file: delete those of
        // dead creators whichever way this create goes (a directory can be shared by both kinds).
        TemporaryFiles.DeleteAbandoned(directoryFd, directory);
        int errno = Errno.EOPNOTSUPP;
        if (!NamedTemporaryOnly)
        {
            int fd = Native.OpenAt(directoryFd, ".", Native.OpenTmpFile | Native.OpenReadWrite | Native.OpenCloseOnExec, (int)mode, out errno);
            if (fd >= 0)
            {
                return (fd, null);
            }
        }
        if (errno is not (Errno.EOPNOTSUPP or Errno.EISDIR or Errno.EINVAL))
        {
            throw FileOpener.ErrorFor(path, errno);
        }
        string name = $"{TemporaryPrefix}{Guid.NewGuid():N}{TemporarySuffix}"[..(TemporaryPrefix.Length + 16)] + TemporarySuffix;
        int named = Native.OpenAt(directoryFd, name, Native.OpenCreate | Native.OpenExclusive | Native.OpenReadWrite | Native.OpenCloseOnExec, (int)mode, out errno);
        if (named < 0)
        {
            throw FileOpener.ErrorFor(path, errno);
        }
        _ = Native.TryLockExclusive(named); // alive: a later create leaves it alone
        return (named, name);
    }

    /// <summary>Where <c>linkat</c> is not available: a named unpublished file moved into place without replacing.</summary>
    private static MappedFile? TryCreatePortable(string path, long length, UnixFileMode mode, Action<MappedFile> initialize, MapOptions mapOptions, bool growable)
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
        string temporary = System.IO.Path.Combine(directory, $"{TemporaryPrefix}{Guid.NewGuid().ToString("N")[..16]}{TemporarySuffix}");
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite | FileShare.Delete };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = mode;
            }
            FileStream stream;
            try
            {
                stream = new FileStream(temporary, create);
            }
            catch (DirectoryNotFoundException)
            {
                throw new DirectoryNotFoundException($"Could not find a part of the path '{path}'.");
            }
            using (MappedFile file = MappedFile.Map(stream, path, new MapOptions { FixedSize = true, Length = length }, created: true, deleteOnFailure: false))
            {
                initialize(file);
                file.Flush();
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
                return MappedFile.Open(path, new MapOptions { FixedSize = !growable, Populate = mapOptions.Populate });
            }
            catch (IOException) when (File.Exists(path) || FileOpener.IsSymlink(path))
            {
                return null;
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
