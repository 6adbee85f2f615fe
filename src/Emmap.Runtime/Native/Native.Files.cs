using System.Runtime.InteropServices;

namespace Emmap;

// Opening, typing, reserving and publishing files: open(2) and openat(2) with the flags the BCL does
// not expose, fstat's file type, fallocate(2), fstatfs(2), linkat(2). Linux only: every caller
// checks IsLinux first.
internal static unsafe partial class Native
{
    // <fcntl.h>. x64 takes the asm-generic values; arm64 has its own O_DIRECTORY and O_NOFOLLOW.
    internal const int OpenReadOnly = 0;
    internal const int OpenReadWrite = 2;
    internal const int OpenCreate = 0x40;
    internal const int OpenExclusive = 0x80;
    internal const int OpenNonBlocking = 0x800;
    internal const int OpenCloseOnExec = 0x80000;
    private const int TmpFileBase = 0x400000; // __O_TMPFILE
    internal static readonly int OpenNoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
    internal static readonly int OpenDirectory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
    private const int GetFlags = 3; // F_GETFL
    private const int SetFlags = 4; // F_SETFL
    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int AtSymlinkFollow = 0x400;
    private const int AtEmptyPath = 0x1000;
    private const int FallocKeepSize = 1;

    // <sys/stat.h>: st_mode's type bits, and where the fields are in struct stat.
    private const uint TypeMask = 0xF000;
    private static readonly int StatModeOffset = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 16 : 24;
    private const int StatSizeOffset = 48;
    private const int StatBlocksOffset = 64;

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport(LibC, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtFile(int directory, string path, int flags, int mode);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFile(int fd);

    [LibraryImport(LibC, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(nint fd, int command, int argument);

    [LibraryImport(LibC, EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(nint fd, int mode, long offset, long length);

    [LibraryImport(LibC, EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(nint fd, long length);

    [LibraryImport(LibC, EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int Fstatfs(nint fd, byte* buffer);

    [LibraryImport(LibC, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatPath(string path, byte* buffer);

    [LibraryImport(LibC, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int fromDirectory, string from, int toDirectory, string to, int flags);

    [LibraryImport(LibC, EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(void* address, nuint length);

    [LibraryImport(LibC, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAt(int directory, string path, int flags);

    /// <summary><c>open(2)</c>: the descriptor, or -1 with <paramref name="errno"/> set (retries <c>EINTR</c>).</summary>
    internal static int Open(string path, int flags, int mode, out int errno)
    {
        int fd;
        do
        {
            fd = OpenFile(path, flags, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == Errno.EINTR);
        return fd;
    }

    /// <summary><c>openat(2)</c> relative to the directory <paramref name="directory"/>; as <see cref="Open"/>.</summary>
    internal static int OpenAt(int directory, string path, int flags, int mode, out int errno)
    {
        int fd;
        do
        {
            fd = OpenAtFile(directory, path, flags, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == Errno.EINTR);
        return fd;
    }

    /// <summary>The flags that make an unnamed file in a directory (<c>O_TMPFILE</c>, which includes <c>O_DIRECTORY</c>).</summary>
    internal static int OpenTmpFile => TmpFileBase | OpenDirectory;

    /// <summary>Closes a descriptor not (yet) owned by a <see cref="Microsoft.Win32.SafeHandles.SafeFileHandle"/>.</summary>
    internal static void Close(int fd) => _ = CloseFile(fd);

    /// <summary>Clears <c>O_NONBLOCK</c>, set only so that opening a FIFO cannot wait for a writer.</summary>
    internal static void ClearNonBlocking(nint fd)
    {
        int flags = Fcntl(fd, GetFlags, 0);
        if (flags >= 0 && (flags & OpenNonBlocking) != 0)
        {
            _ = Fcntl(fd, SetFlags, flags & ~OpenNonBlocking);
        }
    }

    /// <summary>What the open descriptor <paramref name="fd"/> is (<c>fstat</c>); <see langword="null"/> where that cannot be read.</summary>
    internal static FileKind? Kind(nint fd) => KindOf(buffer => Fstat(fd, (byte*)buffer));

    /// <summary>What <paramref name="path"/> is, following links (<c>stat</c>); <see langword="null"/> when nothing is there or it cannot be read.</summary>
    internal static FileKind? Kind(string path) => KindOf(buffer => StatPath(path, (byte*)buffer));

    private static FileKind? KindOf(Func<nint, int> call)
    {
        if (!IsLinux)
        {
            return null;
        }
        byte* buffer = stackalloc byte[StatBufferSize];
        try
        {
            return call((nint)buffer) == 0 ? FileKinds.FromMode(*(uint*)(buffer + StatModeOffset) & TypeMask) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // glibc before 2.33 exports only __fxstat
        }
    }

    /// <summary>The length and the bytes of disk the open file occupies (<c>st_size</c>, <c>st_blocks</c> × 512), or <see langword="null"/>.</summary>
    private static (long Length, long Allocated)? Sizes(nint fd)
    {
        byte* buffer = stackalloc byte[StatBufferSize];
        try
        {
            return Fstat(fd, buffer) == 0 ? (*(long*)(buffer + StatSizeOffset), *(long*)(buffer + StatBlocksOffset) * 512) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes the file at least <paramref name="end"/> bytes long with every byte from
    /// <paramref name="start"/> to <paramref name="end"/> backed by disk blocks, so that no access
    /// through a mapping there can fault for lack of space. Never shortens the file, never changes a
    /// byte, and never changes the length when it fails:
    /// <list type="number">
    /// <item>a file system reporting less free space than the range could need fails at once
    /// (<c>ENOSPC</c>), before allocating any of it;</item>
    /// <item><c>fallocate(FALLOC_FL_KEEP_SIZE)</c> allocates the blocks without changing the length
    /// (on failure ext4 keeps what it allocated, past the end: <see cref="TrimPastEnd"/> gives it back);</item>
    /// <item><c>fallocate(0)</c> over the same range then sets the length, which needs no new blocks
    /// and, unlike <c>ftruncate</c>, never shortens a file another process has grown meanwhile.</item>
    /// </list>
    /// glibc's <c>posix_fallocate</c> is not used: where a file system lacks <c>fallocate</c> it
    /// writes a zero into every block that reads as zero, which races with other writers of a shared
    /// file and can erase their bytes. Such a file system answers <c>EOPNOTSUPP</c> here instead.
    /// </summary>
    /// <returns>0, or the <c>errno</c>: <c>ENOSPC</c>/<c>EDQUOT</c> (no room), <c>EFBIG</c>, <c>EOPNOTSUPP</c> (no <c>fallocate</c>), ...</returns>
    internal static int Reserve(nint fd, long start, long end)
    {
        long length = end - start;
        if (length <= 0)
        {
            return 0;
        }
        if (Sizes(fd) is (_, long allocated) && FreeBytes(fd) is long free && length - allocated > free)
        {
            return Errno.ENOSPC; // at least this much is not allocated yet, and it cannot fit
        }
        int errno = Retry(() => Fallocate(fd, FallocKeepSize, start, length));
        return errno == 0 || errno == Errno.EOPNOTSUPP
            ? Retry(() => Fallocate(fd, 0, start, length)) // EOPNOTSUPP: maybe fallocate without KEEP_SIZE
            : errno;
    }

    /// <summary>
    /// Gives back blocks allocated past the end of the file (what a failed <see cref="Reserve"/> may
    /// leave on ext4) with an <c>ftruncate</c> to the length the file has. The caller makes sure no
    /// other handle is growing the file meanwhile (an exclusive <c>flock</c>).
    /// </summary>
    internal static void TrimPastEnd(nint fd)
    {
        if (Sizes(fd) is (long length, _))
        {
            _ = Retry(() => Ftruncate(fd, length));
        }
    }

    /// <summary>
    /// Makes the file at least <paramref name="end"/> bytes long without reserving the bytes before
    /// (a sparse file): <c>fallocate(0)</c> of its last byte, which never shortens the file, or
    /// <c>ftruncate</c> when the file is shorter and the file system has no <c>fallocate</c>.
    /// </summary>
    internal static int ExtendSparse(nint fd, long end)
    {
        int errno = Retry(() => Fallocate(fd, 0, end - 1, 1));
        if (errno == Errno.EOPNOTSUPP && Sizes(fd) is (long current, _) && current < end)
        {
            errno = Retry(() => Ftruncate(fd, end));
        }
        return errno;
    }

    /// <summary>
    /// The bytes the file would have room for were it emptied first (the file system's free bytes
    /// plus the file's own), or <see langword="null"/> when unknown: lets an emptying open refuse
    /// before it empties a file it could not then reserve.
    /// </summary>
    internal static long? RoomIfEmptied(nint fd) =>
        FreeBytes(fd) is long free && Sizes(fd) is (_, long allocated) ? free + Math.Min(allocated, long.MaxValue - free) : null;

    /// <summary>The bytes the file system of <paramref name="fd"/> has free (<c>f_bfree</c> × <c>f_bsize</c>), or <see langword="null"/> when it reports no size (an unlimited tmpfs).</summary>
    private static long? FreeBytes(nint fd)
    {
        byte* buffer = stackalloc byte[StatFsBufferSize];
        if (Fstatfs(fd, buffer) != 0)
        {
            return null;
        }
        long blockSize = *(long*)(buffer + 8);
        long blocks = *(long*)(buffer + 16);
        long free = *(long*)(buffer + 24);
        return blocks == 0 || blockSize <= 0 ? null : (free > long.MaxValue / blockSize ? long.MaxValue : free * blockSize);
    }

    // struct statfs is 120 bytes on x64 and arm64: f_type, f_bsize, f_blocks, f_bfree, ... all 8 bytes.
    private const int StatFsBufferSize = 256;

    /// <summary>
    /// Gives the unnamed file <paramref name="fd"/> (made with <see cref="OpenTmpFile"/>) the name
    /// <paramref name="path"/>: <c>linkat</c> through <c>/proc/self/fd</c>, or with <c>AT_EMPTY_PATH</c>
    /// where <c>/proc</c> is missing. Fails with <c>EEXIST</c> when anything, even a dangling link, has the name.
    /// </summary>
    internal static int LinkUnnamed(int fd, string path)
    {
        int errno = Retry(() => LinkAt(AtCurrentDirectory, $"/proc/self/fd/{fd}", AtCurrentDirectory, path, AtSymlinkFollow));
        if (errno == Errno.ENOENT && !Directory.Exists("/proc/self/fd"))
        {
            errno = Retry(() => LinkAt(fd, string.Empty, AtCurrentDirectory, path, AtEmptyPath));
        }
        return errno;
    }

    /// <summary>Gives the file named <paramref name="name"/> in <paramref name="directory"/> the name <paramref name="path"/> too (<c>linkat</c>); fails with <c>EEXIST</c> when anything has that name.</summary>
    internal static int Link(int directory, string name, string path) =>
        Retry(() => LinkAt(directory, name, AtCurrentDirectory, path, 0));

    /// <summary>Removes the name <paramref name="name"/> from <paramref name="directory"/> (<c>unlinkat</c>).</summary>
    internal static int Unlink(int directory, string name) => Retry(() => UnlinkAt(directory, name, 0));

    /// <summary>
    /// Whether the process has room in its address space for a mapping of <paramref name="length"/>
    /// bytes: reserves that much (<c>PROT_NONE</c>, nothing committed) and releases it at once. Lets
    /// a growth fail before it changes the file, rather than after (when the length must be given
    /// back). Returns 0 or the <c>errno</c> (<c>ENOMEM</c>); 0 off Linux.
    /// </summary>
    internal static int ProbeAddressSpace(long length)
    {
        if (!IsLinux || length <= 0)
        {
            return 0;
        }
        void* address = Mmap(null, (nuint)length, 0, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (address == (void*)-1)
        {
            return Marshal.GetLastPInvokeError();
        }
        _ = Munmap(address, (nuint)length);
        return 0;
    }

    private const int MapNoReserve = 0x4000;

    /// <summary>Runs a call that returns -1 and sets errno on failure, again on <c>EINTR</c>; returns 0 or the errno.</summary>
    private static int Retry(Func<int> call)
    {
        while (true)
        {
            if (call() == 0)
            {
                return 0;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }
}
