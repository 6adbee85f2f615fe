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
    private const int EWouldBlock = 11; // EAGAIN on Linux
    private const int EInterrupted = 4;

    // <fcntl.h>, Linux x64 and arm64 (the asm-generic values).
    private const int OpenReadOnly = 0;
    private const int OpenReadWrite = 2;
    private const int NoFollowFlag = 0x20000;
    private const int OpenCloseOnExec = 0x80000;
    private const int OpenNonBlocking = 0x800;
    private const int ELoop = 40;

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

    [LibraryImport(LibC, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    /// <summary>Whether this process can use the Linux-only entry points below (x64 or arm64 Linux, whose constants they use).</summary>
    internal static bool IsLinux =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// Faults the pages of <paramref name="length"/> bytes at <paramref name="start"/> in (emmap's
    /// <c>populate</c>): <c>madvise(MADV_POPULATE_READ)</c> on Linux, falling back to
    /// <c>MADV_WILLNEED</c> plus touching one byte a page, which is also what other platforms do.
    /// </summary>
    internal static void Populate(byte* start, long length)
    {
        if (length <= 0)
        {
            return;
        }
        long pageSize = Environment.SystemPageSize;
        byte* pageStart = (byte*)((nuint)start & ~(nuint)(pageSize - 1));
        nuint span = (nuint)(start + length - pageStart);
        if (OperatingSystem.IsLinux())
        {
            if (Madvise(pageStart, span, MadvPopulateRead) == 0)
            {
                return;
            }
            _ = Madvise(pageStart, span, MadvWillNeed);
        }
        for (long offset = 0; offset < (long)span; offset += pageSize)
        {
            _ = Volatile.Read(ref pageStart[offset]);
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
            if (errno == EInterrupted)
            {
                continue;
            }
            if (errno == EWouldBlock || (!OperatingSystem.IsLinux() && errno == 35))
            {
                return false;
            }
            return true; // a file system without flock (ENOLCK, EINVAL): nothing to protect with
        }
        return true;
    }

    /// <summary>
    /// Gives the file at <paramref name="existing"/> the new name <paramref name="created"/> too
    /// (<c>link(2)</c>), which fails when anything, even a dangling symbolic link, is at that name.
    /// Returns <see langword="false"/> with <paramref name="exists"/> set when something is there,
    /// and <see langword="false"/> without it when hard links are not available (not Linux, or a
    /// file system without them): the caller then falls back.
    /// </summary>
    internal static bool TryLink(string existing, string created, out bool exists)
    {
        exists = false;
        if (!IsLinux)
        {
            return false;
        }
        if (Link(existing, created) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        exists = errno == EExist;
        if (!exists && errno is not (EPerm or EXDev or ENotSupported or EMLink or ENoSys))
        {
            throw new IOException($"Cannot create '{created}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        return false;
    }

    internal const int EPerm = 1;
    internal const int ENoEntry = 2;
    internal const int EAccess = 13;
    internal const int ENotDirectory = 20;
    private const int EExist = 17;
    private const int EXDev = 18;
    private const int EMLink = 31;
    private const int ENoSys = 38;
    private const int ENotSupported = 95;

    /// <summary>
    /// Opens an existing file without following a symbolic link in its last component
    /// (<c>open(O_NOFOLLOW|O_CLOEXEC)</c>). Linux only: callers check <see cref="IsLinux"/>.
    /// </summary>
    /// <returns>The descriptor, or -1 with <paramref name="errno"/> set; <paramref name="isSymlink"/> tells <c>ELOOP</c>.</returns>
    internal static int OpenNoFollow(string path, bool write, out int errno, out bool isSymlink)
    {
        int fd = OpenFile(path, (write ? OpenReadWrite : OpenReadOnly) | NoFollowFlag | OpenCloseOnExec, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        isSymlink = errno == ELoop;
        return fd;
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

    /// <summary>
    /// Opens <paramref name="path"/> read-only without ever blocking (<c>open(O_RDONLY|O_NONBLOCK|O_CLOEXEC)</c>:
    /// opening a FIFO that way returns at once instead of waiting for a writer). Linux only: callers
    /// check <see cref="IsLinux"/>.
    /// </summary>
    /// <returns>The descriptor, or -1 with <paramref name="errno"/> set.</returns>
    internal static int OpenReadOnlyNonBlocking(string path, out int errno)
    {
        int fd = OpenFile(path, OpenReadOnly | OpenNonBlocking | OpenCloseOnExec, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    // <sys/stat.h>: the file-type bits of st_mode (S_IFMT) and their values.
    internal const int TypeFifo = 0x1000;
    internal const int TypeCharacterDevice = 0x2000;
    internal const int TypeDirectory = 0x4000;
    internal const int TypeBlockDevice = 0x6000;
    internal const int TypeRegular = 0x8000;
    internal const int TypeSocket = 0xC000;

    /// <summary>
    /// The file-type bits of <c>st_mode</c> (<c>S_IFMT</c>: <see cref="TypeRegular"/>,
    /// <see cref="TypeDirectory"/>, <see cref="TypeFifo"/>, ...) of the file open as
    /// <paramref name="fd"/>, or <see langword="null"/> where that cannot be read.
    /// </summary>
    internal static int? FileType(nint fd)
    {
        if (!IsLinux)
        {
            return null;
        }
        // st_mode follows st_dev, st_ino and (x64 only, 8 bytes) st_nlink.
        int modeOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        byte* buffer = stackalloc byte[StatBufferSize];
        try
        {
            return Fstat(fd, buffer) == 0 ? (int)(*(uint*)(buffer + modeOffset) & 0xF000) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // glibc before 2.33 exports only __fxstat
        }
    }

    // struct stat is 144 (x64) or 128 (arm64) bytes; st_dev and st_ino are the first two u64 on both.
    private const int StatBufferSize = 256;
}
