using Microsoft.Win32.SafeHandles;

namespace Emmap;

/// <summary>Opens or exclusively creates the file behind a <see cref="MappedFile"/> and decides how much of it to map.</summary>
internal static class FileOpener
{
    private const FileShare Sharing = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>
    /// Opens <paramref name="path"/>; with <see cref="MapOptions.Create"/>, first tries to create it
    /// exclusively (<c>O_CREAT|O_EXCL</c>, with <see cref="MapOptions.CreateMode"/>), so exactly one
    /// of several racing processes reports <c>created</c>. A symbolic link at the path is followed
    /// only when the options cannot change the file's length (<see cref="LinkRefusal"/>).
    /// </summary>
    internal static (FileStream Stream, bool Created) Open(string path, MapOptions options)
    {
        FileAccess access = options.Access == MapAccess.ReadWrite && (options.Sharing == MapSharing.Shared || options.Create || options.Truncate || options.Fit)
            ? FileAccess.ReadWrite
            : FileAccess.Read;
        bool mayResize = options.Access == MapAccess.ReadWrite && (options.Create || options.Truncate || options.Length is not null);
        string? refuseLinks = LinkRefusal(options.RefuseSymlinks, mayResize);
        for (int attempt = 0; ; attempt++)
        {
            if (options.Create && TryCreateExclusive(path, options.CreateMode) is FileStream created)
            {
                return (created, true);
            }
            try
            {
                return (OpenExisting(path, access, refuseLinks), false);
            }
            catch (FileNotFoundException) when (options.Create && attempt < 3)
            {
                // Deleted between our create and our open: try to create it again.
            }
        }
    }

    /// <summary>
    /// Why a symbolic link at the path is refused, or <see langword="null"/> when it may be followed:
    /// always with <paramref name="refuseSymlinks"/>; otherwise when the call may create, truncate or
    /// change the length of the file (<paramref name="mayResize"/>), which Emmap never does through
    /// a link, so that a link planted in a shared directory cannot make it grow or rewrite its target.
    /// </summary>
    internal static string? LinkRefusal(bool refuseSymlinks, bool mayResize) =>
        refuseSymlinks ? "RefuseSymlinks is set"
        : mayResize ? "the call may create, truncate or resize the file, which Emmap never does through a link (open the link's target by its own path to use it)"
        : null;

    /// <summary>
    /// Creates <paramref name="path"/> exclusively, never through a symbolic link (<c>O_EXCL</c>);
    /// <see langword="null"/> when something is already at the path.
    /// </summary>
    private static FileStream? TryCreateExclusive(string path, UnixFileMode mode)
    {
        if (!Native.IsLinux)
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = Sharing };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = mode;
            }
            try
            {
                return new FileStream(path, create);
            }
            catch (IOException) when (File.Exists(path) || Directory.Exists(path) || IsSymlink(path))
            {
                return null;
            }
        }
        int fd = Native.Open(path, Native.OpenCreate | Native.OpenExclusive | Native.OpenReadWrite | Native.OpenCloseOnExec, (int)mode, out int errno);
        if (fd < 0)
        {
            return errno == Errno.EEXIST ? null : throw ErrorFor(path, errno);
        }
        return Wrap(fd, FileAccess.ReadWrite);
    }

    /// <summary>
    /// Opens an existing regular file. A symbolic link as the last component of
    /// <paramref name="path"/> is refused when <paramref name="refuseLinks"/> gives a reason: on Linux
    /// by <c>open(O_NOFOLLOW)</c> (no window between check and open), elsewhere by a check just before
    /// the open. On Linux anything but a regular file (a FIFO, a device, a socket, a directory) is
    /// refused at once, naming what it is: the open does not wait (<c>O_NONBLOCK</c>, so a FIFO
    /// cannot block it) and the type is read from the opened descriptor (<c>fstat</c>), so the path
    /// cannot be swapped between the check and the use.
    /// </summary>
    internal static FileStream OpenExisting(string path, FileAccess access, string? refuseLinks)
    {
        if (!Native.IsLinux)
        {
            if (refuseLinks is not null && IsSymlink(path))
            {
                throw SymlinkRefused(path, refuseLinks);
            }
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = access, Share = Sharing });
        }
        int flags = (access == FileAccess.ReadWrite ? Native.OpenReadWrite : Native.OpenReadOnly)
            | Native.OpenNonBlocking | Native.OpenCloseOnExec | (refuseLinks is null ? 0 : Native.OpenNoFollow);
        int fd = Native.Open(path, flags, 0, out int errno);
        if (fd < 0)
        {
            throw errno == Errno.ELOOP && refuseLinks is not null ? SymlinkRefused(path, refuseLinks) : ErrorFor(path, errno);
        }
        if (Native.Kind(fd) is FileKind kind && kind != FileKind.Regular)
        {
            Native.Close(fd);
            throw NotRegular(path, kind);
        }
        Native.ClearNonBlocking(fd);
        return Wrap(fd, access);
    }

    /// <summary>A stream over the descriptor <paramref name="fd"/>, which it then owns.</summary>
    internal static FileStream Wrap(int fd, FileAccess access)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new FileStream(handle, access, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The exception for a failed <c>open</c>, <c>openat</c> or <c>linkat</c> of <paramref name="path"/>, naming it (never a temporary name).</summary>
    internal static Exception ErrorFor(string path, int errno)
    {
        string reason = Errno.Describe(errno);
        return errno switch
        {
            Errno.ENOENT when Directory.Exists(System.IO.Path.GetDirectoryName(path)) => new FileNotFoundException($"Could not find file '{path}'.", path),
            Errno.ENOENT or Errno.ENOTDIR => new DirectoryNotFoundException($"Could not find a part of the path '{path}': {reason}."),
            Errno.EACCES or Errno.EPERM => new UnauthorizedAccessException($"Access to the path '{path}' is denied: {reason}."),
            Errno.EISDIR => NotRegular(path, FileKind.Directory),
            Errno.ENXIO or Errno.ENODEV => NotRegular(path, Native.Kind(path) ?? FileKind.Unknown),
            Errno.ENAMETOOLONG => new PathTooLongException($"The path '{path}' is too long for the file system: {reason}."),
            _ when Errno.IsNoSpace(errno) => new IOException($"Cannot create '{path}': {reason}."),
            _ => new IOException($"Cannot open '{path}': {reason}."),
        };
    }

    /// <summary>The exception for a path that names something other than a regular file.</summary>
    internal static Exception NotRegular(string path, FileKind kind) => kind == FileKind.Directory
        ? new UnauthorizedAccessException($"Access to the path '{path}' is denied: it is a directory, not a regular file.")
        : new IOException($"'{path}' is {kind.Describe()}, not a regular file: Emmap maps regular files only.");

    /// <summary>Takes the shared lock every open handle holds (see <see cref="LockForShrinking"/>).</summary>
    /// <exception cref="IOException">Another handle holds an exclusive lock on the file.</exception>
    internal static void LockShared(FileStream stream, string path)
    {
        if (!Native.TryLockShared(stream.SafeFileHandle.DangerousGetHandle()))
        {
            throw new IOException($"The file '{path}' is locked exclusively by another handle (flock); it is being shrunk or is in exclusive use.");
        }
    }

    /// <summary>
    /// Converts this handle's shared lock on the file to an exclusive one before the file is made
    /// shorter: every other handle that maps the file holds a shared lock, and cutting the file
    /// under its mapping would make its next access past the new end raise <c>SIGBUS</c>.
    /// </summary>
    /// <exception cref="IOException">Another handle, in this process or another, holds the file; the message names the path.</exception>
    internal static void LockForShrinking(FileStream stream, string path, string what)
    {
        if (!TryLockExclusive(stream))
        {
            throw new IOException(
                $"Cannot {what}: the file '{path}' is open in another handle (in this process or another), and making it shorter would make that handle's next access past the new end fault (SIGBUS). Close the other handles first.");
        }
    }

    /// <summary>
    /// Converts the handle's lock to an exclusive one; when that fails, once more after this
    /// process's own unreachable mappings are finalized. A mapping that growth replaced and nothing
    /// references any more keeps its file open, and with it a disposed handle's shared lock, until
    /// its finalizer unmaps it: without this, a handle disposed a moment ago could refuse a shrink.
    /// Only the refusal path pays for the collection.
    /// </summary>
    internal static bool TryLockExclusive(FileStream stream)
    {
        nint fd = stream.SafeFileHandle.DangerousGetHandle();
        if (Native.TryLockExclusive(fd))
        {
            return true;
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Native.TryLockExclusive(fd);
    }

    /// <summary>Returns to the shared lock after <see cref="LockForShrinking"/>.</summary>
    internal static void UnlockAfterShrinking(FileStream stream) => _ = Native.TryLockShared(stream.SafeFileHandle.DangerousGetHandle());

    /// <summary>Whether <paramref name="path"/> still names the file <paramref name="identity"/> identifies (<see langword="true"/> when identity is unknown).</summary>
    internal static bool IsSameFile(string path, (ulong Device, ulong Inode)? identity) =>
        identity is null || Native.Identity(path) == identity;

    /// <summary>Whether <paramref name="path"/> is a symbolic link (dangling or not).</summary>
    internal static bool IsSymlink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IOException SymlinkRefused(string path, string reason) =>
        new($"'{path}' is a symbolic link, and {reason}: it was not opened (nor followed).");

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
