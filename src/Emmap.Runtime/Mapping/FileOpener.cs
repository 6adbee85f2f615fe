namespace Emmap;

/// <summary>Opens or exclusively creates the file behind a <see cref="MappedFile"/> and decides how much of it to map.</summary>
internal static class FileOpener
{
    private const FileShare Sharing = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>
    /// Opens <paramref name="path"/>; with <see cref="MapOptions.Create"/>, first tries to create it
    /// exclusively (<c>O_CREAT|O_EXCL</c>, with <see cref="MapOptions.CreateMode"/>), so exactly one
    /// of several racing processes reports <c>created</c>.
    /// </summary>
    internal static (FileStream Stream, bool Created) Open(string path, MapOptions options)
    {
        FileAccess access = options.Access == MapAccess.ReadWrite && (options.Sharing == MapSharing.Shared || options.Create || options.Truncate || options.Fit)
            ? FileAccess.ReadWrite
            : FileAccess.Read;
        for (int attempt = 0; ; attempt++)
        {
            if (options.Create)
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = Sharing };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = options.CreateMode;
                }
                try
                {
                    return (new FileStream(path, create), true);
                }
                catch (IOException) when (File.Exists(path) || Directory.Exists(path))
                {
                    // It exists: open it below.
                }
            }
            try
            {
                return (new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = access, Share = Sharing }), false);
            }
            catch (FileNotFoundException) when (options.Create && attempt < 3)
            {
                // Deleted between our create and our open: try to create it again.
            }
        }
    }

    /// <summary>
    /// The number of bytes to map, given a file of <paramref name="fileLength"/> bytes. Throws
    /// before anything changes the file when the options cannot be met.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="fileLength">The file's length (0 when it is to be truncated).</param>
    /// <param name="fresh">The file is new, truncated or empty, so sizing it to the requested length loses nothing.</param>
    /// <param name="canGrow">The file is open for writing.</param>
    internal static long MappingLength(string path, MapOptions options, long fileLength, bool fresh, bool canGrow)
    {
        long offset = options.Offset;
        long available = fileLength - offset;
        if (options.Length is not long requested)
        {
            if (available <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), fileLength,
                    $"The file '{path}' is {fileLength} bytes, so there is nothing to map at offset {offset}: a mapping needs at least 1 byte. Set MapOptions.Length (with Create or Fit) to size the file.");
            }
            return available;
        }
        if (available >= requested)
        {
            return options.Fit ? available : requested;
        }
        if (!(options.Fit || fresh))
        {
            throw new IOException(
                $"The file '{path}' is {fileLength} bytes, too small to map {requested} bytes at offset {offset} (it needs {offset + requested}). Set MapOptions.Fit to grow it.");
        }
        if (!canGrow)
        {
            throw new IOException(
                $"The file '{path}' is {fileLength} bytes, too small to map {requested} bytes at offset {offset}, and it is open read-only so it cannot grow.");
        }
        return requested;
    }
}
