using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Emmap;

/// <summary>
/// The lock every <see cref="MappedQueue"/> operation holds, so that .NET processes (and instances
/// in one process) never interleave their header read-modify-writes. On Linux it is an
/// open-file-description byte-range lock (<c>fcntl(F_OFD_SETLKW)</c>) on byte 2^32, taken
/// through a descriptor of its own: the kernel queues the waiters and drops the lock when its holder
/// dies, so a killed process never blocks the queue. On Windows it is <see cref="FileStream.Lock"/>
/// on the same byte, retried until free; on Apple systems there is none (only the instance's monitor). Threads of one instance are serialised by the instance's
/// own monitor before they get here (one descriptor's lock does not exclude itself).
/// </summary>
/// <remarks>
/// Why not a flock on the file: every <see cref="MappedFile"/> handle already holds a shared flock
/// on it (the guard against shrinking), so an exclusive flock would wait for every other handle to
/// close. Why not a lock word in the file: the format has no spare header bytes, and a word held by a
/// killed process would need a timeout to break. Erlang emmap takes neither lock.
/// </remarks>
internal sealed class QueueLock : IDisposable
{
    /// <summary>
    /// The locked byte: 2^32, one past the last byte a queue file can have, so the lock never covers
    /// data (on Windows, where byte-range locks are mandatory, it would otherwise block reads).
    /// </summary>
    private const long Start = MappedQueue.MaxSize + 1;
    private const long Span = 1;

    private readonly FileStream _stream;
    private readonly string _path;

    internal QueueLock(string path, bool refuseSymlinks)
    {
        _path = path;
        _stream = FileOpener.OpenExisting(path, FileAccess.ReadWrite, FileOpener.LinkRefusal(refuseSymlinks, mayResize: true)); // the queue grows: never through a link
    }

    /// <summary>The file's length now, through the lock's own descriptor (one <c>fstat</c>).</summary>
    internal long FileLength => RandomAccess.GetLength(_stream.SafeFileHandle);

    /// <summary>Waits for and takes the lock.</summary>
    /// <exception cref="IOException">The file system or kernel refuses the lock; the message names the path.</exception>
    internal void Enter()
    {
        if (Native.IsLinux)
        {
            int errno = Native.LockRange(_stream.SafeFileHandle.DangerousGetHandle(), Start, Span);
            if (errno != 0)
            {
                throw new IOException(
                    $"Cannot lock the queue file '{_path}' (fcntl F_OFD_SETLKW): {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). Queue files need a kernel (3.15 or later) and a file system with byte-range locks.");
            }
            return;
        }
        if (!PortableLockAvailable)
        {
            return;
        }
        var wait = new SpinWait();
        while (true)
        {
            try
            {
                _stream.Lock(Start, Span);
                return;
            }
            catch (IOException)
            {
                wait.SpinOnce(sleep1Threshold: 20);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    internal void Exit()
    {
        if (Native.IsLinux)
        {
            _ = Native.UnlockRange(_stream.SafeFileHandle.DangerousGetHandle(), Start, Span);
            return;
        }
        if (!PortableLockAvailable)
        {
            return;
        }
        _stream.Unlock(Start, Span);
    }

    /// <summary>False on Apple systems: the BCL has no byte-range lock there, so only each instance's threads are serialised.</summary>
    [UnsupportedOSPlatformGuard("macos")]
    [UnsupportedOSPlatformGuard("ios")]
    [UnsupportedOSPlatformGuard("tvos")]
    [UnsupportedOSPlatformGuard("maccatalyst")]
    private static bool PortableLockAvailable => !(OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst());

    /// <summary>Closes the descriptor, which also drops the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
