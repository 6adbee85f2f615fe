using Microsoft.Win32.SafeHandles;

namespace Emmap;

/// <summary>
/// Creates files that must never be seen half-initialised (counters files, layout files): the
/// content, header included, is written into a private temporary file in the same directory, which
/// is then linked into place in one step that never replaces an existing file. A process that opens
/// the path sees either no file or a complete one; when several processes create the same path at
/// once, exactly one file wins and every process opens that one.
/// </summary>
/// <remarks>
/// The header is therefore "published last": it exists at the path only together with the rest.
/// A process killed while creating leaves at most a temporary file named
/// <c>.{name}.{pid}.{random}.emmap-tmp</c> beside the target, never a broken target.
/// </remarks>
internal static class PublishedFile
{
    private const int Attempts = 8;

    /// <summary>
    /// Opens <paramref name="path"/>, creating it first when it does not exist.
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
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            FileOpener.ThrowIfDanglingSymlink(fullPath);
            if (File.Exists(fullPath))
            {
                MappedFile? existing = TryOpenExisting(fullPath, headerLength, validate, mapOptions, growable);
                if (existing is not null)
                {
                    return (existing, false);
                }
                continue; // deleted between the check and the open
            }
            if (TryCreate(fullPath, createLength, createMode, initialize))
            {
                MappedFile? created = TryOpenExisting(fullPath, headerLength, validate, mapOptions, growable);
                if (created is not null)
                {
                    return (created, true);
                }
            }
        }
        throw new IOException($"The file '{fullPath}' kept appearing and disappearing while it was being opened ({Attempts} attempts); another process is deleting it.");
    }

    /// <summary>
    /// Opens an existing file that <paramref name="validate"/> accepts, never creating or changing it.
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
        return TryOpenExisting(fullPath, headerLength, validate, mapOptions)
            ?? throw new FileNotFoundException($"The file '{fullPath}' does not exist.", fullPath);
    }

    private static MappedFile? TryOpenExisting(string path, int headerLength, HeaderValidator validate, MapOptions mapOptions, bool growable = false)
    {
        try
        {
            using (FileStream stream = FileOpener.OpenExisting(path, FileAccess.Read, mapOptions.RefuseSymlinks))
            {
                SafeFileHandle handle = stream.SafeFileHandle;
                long length = RandomAccess.GetLength(handle);
                byte[] header = new byte[(int)Math.Min(headerLength, length)];
                int read = 0;
                while (read < header.Length)
                {
                    int n = RandomAccess.Read(handle, header.AsSpan(read), read);
                    if (n == 0)
                    {
                        break;
                    }
                    read += n;
                }
                validate(path, header.AsSpan(0, read), length);
            }
            MappedFile file = MappedFile.Open(path, new MapOptions
            {
                Access = mapOptions.Access,
                Sharing = mapOptions.Sharing,
                FixedSize = !growable,
                Populate = mapOptions.Populate,
                RefuseSymlinks = mapOptions.RefuseSymlinks,
            });
            try
            {
                // The path is opened twice: validate what was actually mapped too, in case the file
                // was replaced or truncated in between. Still nothing has been written to it.
                validate(path, file.ReadAt(0, (int)Math.Min(headerLength, file.Length)), file.Length);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes a complete new file beside <paramref name="path"/> and links it into place; false when another process won.</summary>
    private static bool TryCreate(string path, long length, UnixFileMode mode, Action<MappedFile> initialize)
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
        string temporary = System.IO.Path.Combine(directory,
            $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.emmap-tmp");
        try
        {
            using (MappedFile file = MappedFile.Open(temporary, new MapOptions { Create = true, Length = length, FixedSize = true, CreateMode = mode }))
            {
                if (!file.Created)
                {
                    throw new IOException($"The temporary file '{temporary}' already existed; refusing to write through it.");
                }
                initialize(file);
                file.Flush();
            }
            try
            {
                // No-replace publish: link(2) fails if anything, even a dangling symlink, is at the
                // path, so of racing creators exactly one wins. (File.Move(overwrite: false) checks
                // and then renames when the target is missing, and rename replaces a file another
                // creator published in between: both would think they created it, and the first
                // one's writes would be lost.) The temporary name is removed below.
                if (Native.TryLink(temporary, path, out bool exists))
                {
                    return true;
                }
                if (exists)
                {
                    return false;
                }
                File.Move(temporary, path, overwrite: false); // no hard links here: the portable way
                return true;
            }
            catch (IOException) when (File.Exists(path) || IsSymlink(path))
            {
                return false;
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

    private static bool IsSymlink(string path) => FileOpener.IsSymlink(path);
}
