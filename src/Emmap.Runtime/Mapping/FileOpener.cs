using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

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
                catch (IOException) when (File.Exists(path) || Directory.Exists(path) || IsSymlink(path))
                {
                    // It exists: open it below. O_EXCL never follows a symbolic link, so a link
                    // planted at the path is never written through by the create.
                    ThrowIfDanglingSymlink(path);
                }
            }
            try
            {
                return (OpenExisting(path, access, options.RefuseSymlinks), false);
            }
            catch (FileNotFoundException) when (options.Create && attempt < 3)
            {
                // Deleted between our create and our open: try to create it again.
            }
        }
    }

    /// <summary>
    /// Opens an existing file. With <paramref name="refuseSymlinks"/>, a symbolic link as the last
    /// component of <paramref name="path"/> is refused: on Linux by <c>open(O_NOFOLLOW)</c> (no
    /// window between check and open), elsewhere by a check just before the open.
    /// </summary>
    internal static FileStream OpenExisting(string path, FileAccess access, bool refuseSymlinks)
    {
        if (!refuseSymlinks)
        {
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = access, Share = Sharing });
        }
        if (!Native.IsLinux)
        {
            if (IsSymlink(path))
            {
                throw SymlinkRefused(path);
            }
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = access, Share = Sharing });
        }
        if (Directory.Exists(path) && !IsSymlink(path))
        {
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied: it is a directory.");
        }
        int fd = Native.OpenNoFollow(path, access == FileAccess.ReadWrite, out int errno, out bool isSymlink);
        if (fd < 0)
        {
            string reason = Marshal.GetPInvokeErrorMessage(errno);
            throw isSymlink ? SymlinkRefused(path)
                : errno == 2 ? new FileNotFoundException($"Could not find file '{path}'.", path)
                : errno is 1 or 13 or 21 ? new UnauthorizedAccessException($"Access to the path '{path}' is denied: {reason}.")
                : new IOException($"Cannot open '{path}': {reason} (errno {errno}).");
        }
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
        if (!Native.TryLockExclusive(stream.SafeFileHandle.DangerousGetHandle()))
        {
            throw new IOException(
                $"Cannot {what}: the file '{path}' is open in another handle (in this process or another), and making it shorter would make that handle's next access past the new end fault (SIGBUS). Close the other handles first.");
        }
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

    /// <summary>
    /// Throws when <paramref name="path"/> is a symbolic link whose target does not exist: someone
    /// planted it where a file is to be created, and following it would create their target.
    /// </summary>
    internal static void ThrowIfDanglingSymlink(string path)
    {
        if (IsSymlink(path) && File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: false } target)
        {
            throw new IOException(
                $"'{path}' is a symbolic link to '{target.FullName}', which does not exist: Emmap creates files exclusively and never through a symbolic link.");
        }
    }

    private static IOException SymlinkRefused(string path) =>
        new($"'{path}' is a symbolic link, and RefuseSymlinks is set: it was not opened (nor followed).");

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
