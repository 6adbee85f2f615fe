using System.Runtime.InteropServices;

namespace Emmap;

// Open-file-description byte-range locks (fcntl F_OFD_SETLKW), for formats whose every operation
// must exclude the other processes' (queue files). Independent of the shared flock every MappedFile
// handle holds: on Linux, flock and fcntl locks never conflict with each other.
internal static unsafe partial class Native
{
    // <fcntl.h>, Linux (every architecture).
    private const int FcntlOfdGetLock = 36;
    private const int FcntlOfdSetLock = 37;
    private const int FcntlOfdSetLockWait = 38;
    private const short WriteLockType = 1; // F_WRLCK
    private const short UnlockType = 2; // F_UNLCK

    /// <summary><c>struct flock</c> on 64-bit Linux: 32 bytes, <c>l_start</c> at 8.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RangeLockRecord
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport(LibC, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlRangeLock(nint fd, int command, RangeLockRecord* record);

    /// <summary>
    /// Takes an exclusive lock on <paramref name="length"/> bytes at <paramref name="start"/> of the
    /// file open as <paramref name="fd"/>, waiting as long as another open file description (in this
    /// process or another) holds one that overlaps. The kernel drops it when the descriptor is closed,
    /// so a killed process never leaves it held. Linux only: callers check <see cref="IsLinux"/>.
    /// </summary>
    /// <returns>0, or the <c>errno</c> of the failure (<c>EINVAL</c> on kernels before 3.15, which lack these locks).</returns>
    internal static int LockRange(nint fd, long start, long length) => RangeLock(fd, FcntlOfdSetLockWait, WriteLockType, start, length);

    /// <summary>Releases what <see cref="LockRange"/> took.</summary>
    /// <returns>0, or the <c>errno</c> of the failure.</returns>
    internal static int UnlockRange(nint fd, long start, long length) => RangeLock(fd, FcntlOfdSetLock, UnlockType, start, length);

    /// <summary>
    /// As <see cref="LockRange"/> without waiting: 0 when taken, <c>EAGAIN</c> or <c>EACCES</c>
    /// when another open file description holds an overlapping lock, or another <c>errno</c>.
    /// </summary>
    internal static int TryLockRange(nint fd, long start, long length) => RangeLock(fd, FcntlOfdSetLock, WriteLockType, start, length);

    /// <summary>
    /// Whether another open file description holds a lock that overlaps <paramref name="length"/>
    /// bytes at <paramref name="start"/> of the file open as <paramref name="fd"/> (<c>F_OFD_GETLK</c>):
    /// asks without taking anything, and works on a read-only descriptor. Linux only.
    /// </summary>
    /// <returns>0 with <paramref name="held"/> set, or the <c>errno</c> of the failure.</returns>
    internal static int TestRange(nint fd, long start, long length, out bool held)
    {
        var record = new RangeLockRecord { Type = WriteLockType, Whence = 0, Start = start, Length = length, Pid = 0 };
        while (FcntlRangeLock(fd, FcntlOfdGetLock, &record) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                held = false;
                return errno;
            }
        }
        held = record.Type != UnlockType;
        return 0;
    }

    private static int RangeLock(nint fd, int command, short type, long start, long length)
    {
        var record = new RangeLockRecord { Type = type, Whence = 0, Start = start, Length = length, Pid = 0 };
        while (FcntlRangeLock(fd, command, &record) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
        return 0;
    }
}
