using System.Runtime.InteropServices;

namespace Emmap;

// The system calls waiting needs: futex (shared, not FUTEX_PRIVATE_FLAG, so that processes mapping
// the same page meet on it), futex_waitv (one thread sleeping on many words) and membarrier (the
// waiter's half of an asymmetric fence, docs/waiting.md). All through libc's syscall(2): glibc has
// no wrappers for them. Linux x64 and arm64 only; callers check IsLinux first.
internal static unsafe partial class Native
{
    private const int FutexWaitOp = 0;
    private const int FutexWakeOp = 1;
    private const int ETimedOut = 110;

    private const int MembarrierCmdGlobalExpedited = 1 << 1;
    private const int MembarrierCmdRegisterGlobalExpedited = 1 << 2;

    // futex2 flags of struct futex_waitv
    internal const uint Futex2SizeU32 = 0x02;
    internal const uint Futex2Private = 128;
    private const int ClockMonotonic = 1;

    [LibraryImport(LibC, EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    private static bool IsArm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    private static nint SysFutex => IsArm64 ? 98 : 202;

    private static nint SysMembarrier => IsArm64 ? 283 : 324;

    private const nint SysFutexWaitv = 449; // the same number on x64 and arm64 (Linux 5.16+)

    /// <summary>What a futex sleep ended with.</summary>
    internal enum FutexResult
    {
        /// <summary>Woken (or a spurious wake-up, or a signal): the caller checks again.</summary>
        Woken,

        /// <summary>The word did not hold the expected value any more: nothing slept.</summary>
        Changed,

        /// <summary>The timeout passed.</summary>
        TimedOut,
    }

    /// <summary>One entry of <c>futex_waitv</c>'s array (<c>struct futex_waitv</c>, 24 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FutexWaitv
    {
        public ulong Value;
        public ulong Address;
        public uint Flags;
        public uint Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// Sleeps while the 32-bit word at <paramref name="address"/> holds <paramref name="expected"/>
    /// (<c>FUTEX_WAIT</c>, shared), for at most <paramref name="timeoutNanoseconds"/> (relative).
    /// </summary>
    internal static FutexResult FutexWait(int* address, int expected, long timeoutNanoseconds)
    {
        Timespec timeout = new() { Seconds = timeoutNanoseconds / 1_000_000_000, Nanoseconds = timeoutNanoseconds % 1_000_000_000 };
        nint result = Syscall(SysFutex, (nint)address, FutexWaitOp, expected, (nint)(&timeout), 0, 0);
        if (result == 0)
        {
            return FutexResult.Woken;
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            Errno.EAGAIN => FutexResult.Changed,
            ETimedOut => FutexResult.TimedOut,
            _ => FutexResult.Woken, // EINTR: a signal; the caller checks again
        };
    }

    /// <summary>Wakes every thread, in any process, sleeping on the word at <paramref name="address"/> (<c>FUTEX_WAKE</c>, shared); returns how many woke.</summary>
    internal static int FutexWake(int* address)
    {
        nint result = Syscall(SysFutex, (nint)address, FutexWakeOp, int.MaxValue, 0, 0, 0);
        return result < 0 ? 0 : (int)result;
    }

    /// <summary>
    /// Sleeps on several words at once (<c>futex_waitv</c>) until one is woken or no longer holds its
    /// value, or until <paramref name="deadlineNanoseconds"/> on the monotonic clock (absolute).
    /// Returns <see langword="false"/> when the kernel lacks the call (before Linux 5.16, or a seccomp filter).
    /// </summary>
    internal static bool FutexWaitMany(FutexWaitv* entries, int count, long deadlineNanoseconds)
    {
        Timespec deadline = new() { Seconds = deadlineNanoseconds / 1_000_000_000, Nanoseconds = deadlineNanoseconds % 1_000_000_000 };
        nint result = Syscall(SysFutexWaitv, (nint)entries, count, 0, (nint)(&deadline), ClockMonotonic, 0);
        return result >= 0 || Marshal.GetLastPInvokeError() is not (Errno.ENOSYS or Errno.EPERM or Errno.EINVAL);
    }

    /// <summary>Wakes the threads of this process sleeping on a process-private word (<c>FUTEX_WAKE|FUTEX_PRIVATE_FLAG</c>).</summary>
    internal static void FutexWakePrivate(int* address) =>
        _ = Syscall(SysFutex, (nint)address, FutexWakeOp | 128, int.MaxValue, 0, 0, 0);

    /// <summary>
    /// Registers this process for <c>MEMBARRIER_CMD_GLOBAL_EXPEDITED</c>: its threads then take part
    /// in the barriers other processes' waiters issue. Returns whether the kernel accepted.
    /// </summary>
    internal static bool MembarrierRegister() =>
        Syscall(SysMembarrier, MembarrierCmdRegisterGlobalExpedited, 0, 0, 0, 0, 0) == 0;

    /// <summary>
    /// A full memory barrier on every CPU running a thread of a registered process
    /// (<c>MEMBARRIER_CMD_GLOBAL_EXPEDITED</c>); returns whether it ran.
    /// </summary>
    internal static bool MembarrierGlobal() =>
        Syscall(SysMembarrier, MembarrierCmdGlobalExpedited, 0, 0, 0, 0, 0) == 0;

    /// <summary>The monotonic clock in nanoseconds (<c>CLOCK_MONOTONIC</c>, the clock futex_waitv's deadline uses).</summary>
    internal static long MonotonicNanoseconds()
    {
        Timespec now;
        _ = ClockGetTime(ClockMonotonic, &now);
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    [LibraryImport(LibC, EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Timespec* time);

    /// <summary>Opens (creating, mode <paramref name="mode"/> before the umask) a file without following a symbolic link; -1 with <paramref name="errno"/> on failure.</summary>
    internal static int OpenOrCreateNoFollow(string path, int mode, out int errno)
    {
        int fd = OpenFile(path, OpenReadWrite | OpenCreate | OpenNoFollow | OpenCloseOnExec, mode);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }
}
