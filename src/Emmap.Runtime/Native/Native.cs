using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// The one seam to the C library: only what the BCL's memory-mapped files lack. Every entry point
/// is guarded by an operating-system check and has a portable fallback, so nothing here breaks
/// other platforms.
/// </summary>
internal static unsafe partial class Native
{
    private const string LibC = "libc";

    // <sys/mman.h>, Linux values.
    private const int MadvWillNeed = 3;
    private const int MadvPopulateRead = 22; // Linux 5.14+; older kernels answer EINVAL.
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapFixed = 0x10;
    private const int MapAnonymous = 0x20;

    // <sys/file.h>
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    [LibraryImport(LibC, EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);

    [LibraryImport(LibC, EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(LibC, EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(nint fd, int operation);

    [LibraryImport(LibC, EntryPoint = "fstat", SetLastError = true)]
    private static partial int Fstat(nint fd, byte* buffer);

    [LibraryImport(LibC, EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lstat(string path, byte* buffer);

    /// <summary>Whether this process can use the Linux-only entry points below (x64 or arm64 Linux, whose constants they use).</summary>
    internal static bool IsLinux =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// Faults the pages of <paramref name="length"/> bytes at <paramref name="start"/> in (emmap's
    /// <c>populate</c>) with <c>madvise(MADV_POPULATE_READ)</c> (Linux 5.14+), which reports a page
    /// the file system cannot back (<c>EFAULT</c>) instead of raising <c>SIGBUS</c>. Where that is
    /// not available it only advises (<c>MADV_WILLNEED</c>): it never touches the pages itself, since
    /// a touch of such a page would end the process.
    /// </summary>
    /// <returns>0, or the <c>errno</c> of a page that cannot be faulted in.</returns>
    internal static int Populate(byte* start, long length)
    {
        if (length <= 0 || !OperatingSystem.IsLinux())
        {
            return 0;
        }
        long pageSize = Environment.SystemPageSize;
        byte* pageStart = (byte*)((nuint)start & ~(nuint)(pageSize - 1));
        nuint span = (nuint)(start + length - pageStart);
        while (true)
        {
            if (Madvise(pageStart, span, MadvPopulateRead) == 0)
            {
                return 0;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR)
            {
                continue;
            }
            if (errno == Errno.EINVAL)
            {
                _ = Madvise(pageStart, span, MadvWillNeed); // a kernel before 5.14: advise only
                return 0;
            }
            return errno;
        }
    }

    /// <summary>
    /// Replaces the pages of <paramref name="length"/> bytes at the page-aligned <paramref name="start"/>
    /// with private anonymous zero pages, in one step (<c>mmap(MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS)</c>):
    /// the file is no longer mapped there, yet the addresses stay mapped, so a thread still using
    /// them reads zeros and writes into private memory instead of faulting. Linux only; returns
    /// <see langword="false"/> (and changes nothing) elsewhere or when the kernel refuses.
    /// </summary>
    internal static bool ReplaceWithZeroPages(byte* start, nuint length)
    {
        if (!IsLinux || length == 0)
        {
            return false;
        }
        void* result = Mmap(start, length, ProtRead | ProtWrite, MapFixed | MapPrivate | MapAnonymous, -1, 0);
        return result == start;
    }

    /// <summary>
    /// Takes (or converts to) a shared <c>flock</c> on <paramref name="fd"/>, without waiting.
    /// Returns <see langword="false"/> when another open file description holds an exclusive lock,
    /// and <see langword="true"/> (without locking) where <c>flock</c> is not available.
    /// </summary>
    internal static bool TryLockShared(nint fd) => TryLock(fd, LockShared);

    /// <summary>
    /// Converts the lock on <paramref name="fd"/> to an exclusive <c>flock</c>, without waiting.
    /// Returns <see langword="false"/> when another open file description (in this process or
    /// another) holds a lock on the file; the shared lock is then taken back. Returns
    /// <see langword="true"/> where <c>flock</c> is not available.
    /// </summary>
    internal static bool TryLockExclusive(nint fd)
    {
        if (TryLock(fd, LockExclusive))
        {
            return true;
        }
        // A failed conversion drops the lock held before (flock(2)): take the shared one back.
        _ = TryLock(fd, LockShared);
        return false;
    }

    private static bool TryLock(nint fd, int operation)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return true;
        }
        for (int attempt = 0; attempt < 8; attempt++)
        {
            if (Flock(fd, operation | LockNonBlocking) == 0)
            {
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR)
            {
                continue;
            }
            if (errno == Errno.EAGAIN || (!OperatingSystem.IsLinux() && errno == Errno.EWOULDBLOCKBsd))
            {
                return false;
            }
            return true; // a file system without flock (ENOLCK, EINVAL): nothing to protect with
        }
        return true;
    }

    /// <summary>
    /// The device and inode of the file open as <paramref name="fd"/> (<c>fstat</c>), or
    /// <see langword="null"/> where that cannot be read (not Linux, or a C library without the symbol).
    /// </summary>
    internal static (ulong Device, ulong Inode)? Identity(nint fd) => Stat(buffer => Fstat(fd, (byte*)buffer));

    /// <summary>As <see cref="Identity(nint)"/> for the path itself, not following a symbolic link (<c>lstat</c>); <see langword="null"/> when nothing is there.</summary>
    internal static (ulong Device, ulong Inode)? Identity(string path) => Stat(buffer => Lstat(path, (byte*)buffer));

    /// <summary>Runs a <c>stat</c>-family call into a buffer and reads <c>st_dev</c> and <c>st_ino</c>; <see langword="null"/> on failure or off Linux.</summary>
    private static (ulong Device, ulong Inode)? Stat(Func<nint, int> call)
    {
        if (!IsLinux)
        {
            return null;
        }
        byte* buffer = stackalloc byte[StatBufferSize];
        try
        {
            return call((nint)buffer) == 0 ? (*(ulong*)buffer, *(ulong*)(buffer + 8)) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // glibc before 2.33 exports only __fxstat and __lxstat
        }
    }

    // struct stat is 144 (x64) or 128 (arm64) bytes; st_dev and st_ino are the first two u64 on both.
    private const int StatBufferSize = 256;
}
