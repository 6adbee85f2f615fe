using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Emmap;

/// <summary>
/// The waiters' side table: a fixed-size file every process on the machine maps
/// (<c>/dev/shm/emmap-wait-v1</c>): a header line with the machine's total waiter count, then
/// buckets that hold a waiter count and a 32-bit sequence word. A mapped 32- or 64-bit word hashes,
/// by its file's device and inode and its 8-byte word in the file, to one bucket; waiters sleep on
/// the bucket's sequence word; a write checks the total (one load from a fixed address), then, only
/// when someone somewhere waits, its bucket's count, and only when that is not 0 bumps the sequence
/// and wakes. See <c>docs/waiting.md</c>.
/// </summary>
internal static unsafe class WaitTable
{
    /// <summary>One bucket, alone on its cache line, so that a waiter registering does not disturb notifiers of other buckets.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    internal struct Bucket
    {
        /// <summary>Threads (and async dispatchers) sleeping or about to sleep on this bucket, in every process.</summary>
        public int Waiters;

        /// <summary>The word waiters sleep on: bumped by every wake.</summary>
        public int Sequence;

        /// <summary>When a waiter last passed through (ms on the monotonic clock): tells a live count from one a killed waiter left.</summary>
        public long Heartbeat;
    }

    /// <summary>The table's path: one per machine (per <c>/dev/shm</c>), shared by every user.</summary>
    internal const string DefaultSharedPath = "/dev/shm/emmap-wait-v1";

    /// <summary>
    /// The environment variable that names another table, for a group of processes that must not
    /// share waiter counts with the rest of the machine (a test run); every process that shares files
    /// with them must name the same table, or its writes do not wake their waiters.
    /// </summary>
    internal const string PathVariable = "EMMAP_WAIT_TABLE";

    /// <summary>The table this process uses: <see cref="DefaultSharedPath"/>, unless <see cref="PathVariable"/> names another.</summary>
    internal static readonly string SharedPath =
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultSharedPath;

    /// <summary>log2 of the bucket count.</summary>
    internal const int BucketBits = 10;

    internal const int BucketCount = 1 << BucketBits;

    /// <summary>The header line (the total) and the buckets, 64 bytes each.</summary>
    internal const long TableBytes = (BucketCount + 1) * 64;

    /// <summary>
    /// The longest a waiter sleeps before it checks again even without a wake: bounds what a wrongly
    /// healed or tampered count can cost (a late wake-up, never a wrong value).
    /// </summary>
    internal static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(500);

    /// <summary>A count is stale (left by killed waiters) when a wake finds nobody asleep and no waiter has passed for this long.</summary>
    internal const long StaleAfterMilliseconds = 2000;

    /// <summary>The buckets: the shared table's, or a private zeroed block when it is unavailable (then every count stays 0).</summary>
    internal static readonly Bucket* Buckets;

    /// <summary>The header line, laid out as a bucket: the machine's total waiter count and when a waiter last passed anywhere.</summary>
    internal static readonly Bucket* Total;

    /// <summary>Whether <see cref="Buckets"/> is the machine-wide table (else a private block nobody else sees).</summary>
    internal static readonly bool IsShared;

    /// <summary>
    /// How waits sleep in this process: <see cref="WaitMode.Futex"/> when the table is shared, else
    /// <see cref="WaitMode.Polling"/>. Tests set it to <see cref="WaitMode.Polling"/> to exercise the
    /// fallback (as <c>EMMAP_WAIT_POLL=1</c> does for a whole process).
    /// </summary>
    internal static WaitMode Mode { get; set; }

    /// <summary>Whether the asymmetric fence (membarrier) is available; without it waiters sleep in short slices.</summary>
    internal static readonly bool HasMembarrier;

    /// <summary>Why the table is not shared, for the docs' diagnostics and tests; <see langword="null"/> when it is.</summary>
    internal static readonly string? FallbackReason;

    /// <summary>Wake system calls made by this process (tests check that a notify without waiters makes none).</summary>
    internal static long WakeCalls;

    /// <summary>Stale counts this process has reset.</summary>
    internal static long Heals;

    /// <summary>Forces the polling fallback in this process (tests; set before the first wait or write, through <c>EMMAP_WAIT_POLL=1</c>).</summary>
    internal static bool ForcePolling => Environment.GetEnvironmentVariable("EMMAP_WAIT_POLL") == "1";

    // Keeps the table mapped for the life of the process.
    private static readonly MemoryMappedViewAccessor? s_view;

    static WaitTable()
    {
        if (ForcePolling)
        {
            FallbackReason = "polling forced (EMMAP_WAIT_POLL=1)";
        }
        else if (!Native.IsLinux)
        {
            FallbackReason = "futex is Linux-only";
        }
        else
        {
            try
            {
                s_view = OpenShared(out FallbackReason);
            }
            catch (Exception e)
            {
                // Whatever went wrong, waiting falls back to polling: it must never make mapping a file fail.
                FallbackReason = $"cannot map {SharedPath}: {e.GetType().Name}: {e.Message}";
            }
        }
        if (s_view is not null)
        {
            byte* pointer = null;
            s_view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            Total = (Bucket*)(pointer + s_view.PointerOffset);
            Buckets = Total + 1;
            IsShared = true;
            Mode = WaitMode.Futex;
            // This process's plain stores (generated setters) take part in other processes' waiters' barriers.
            HasMembarrier = Native.MembarrierRegister();
        }
        else
        {
            Total = (Bucket*)NativeMemory.AlignedAlloc((nuint)TableBytes, 64);
            NativeMemory.Clear(Total, (nuint)TableBytes);
            Buckets = Total + 1;
            Mode = WaitMode.Polling;
        }
    }

    /// <summary>Makes sure the table is mapped (and this process registered for the barrier) before any write that may need to notify.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void EnsureInitialized() => _ = IsShared;

    private static MemoryMappedViewAccessor? OpenShared(out string? reason)
    {
        int fd = Native.OpenOrCreateNoFollow(SharedPath, 0b110_110_110, out int errno);
        if (fd < 0)
        {
            reason = $"cannot open {SharedPath}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.ReadWrite);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException();
            }
            // Every user shares the table: a process of another user may be the one to wake us. The
            // creator sets the mode past its umask; others cannot (and need not).
            File.SetUnixFileMode(handle, (UnixFileMode)0b110_110_110);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
        }
        long length = stream.Length;
        if (length == 0)
        {
            stream.SetLength(TableBytes); // a fresh table (or one whose creator died before sizing it): all zero
            length = TableBytes;
        }
        if (length != TableBytes)
        {
            reason = $"{SharedPath} is {length} bytes, not {TableBytes}";
            return null;
        }
        using MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        reason = null;
        return file.CreateViewAccessor(0, TableBytes, MemoryMappedFileAccess.ReadWrite);
    }

    /// <summary>The bucket of the 8-byte word whose key (seed plus address / 8, see <see cref="MappedRegion.WaitSeed"/>) is <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Bucket* BucketOf(ulong key) => Buckets + (int)(unchecked(key * 0x9E3779B97F4A7C15UL) >> (64 - BucketBits));

    /// <summary>The bucket of the word at <paramref name="address"/> in a mapping whose seed is <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Bucket* BucketOf(ulong seed, void* address) => BucketOf(unchecked(seed + ((ulong)address >> 3)));

    /// <summary>
    /// Whether anyone on the machine waits on anything: the writers' fast path, one load from a
    /// fixed address and a branch. A write calls <see cref="NotifySlow"/> only when it is true.
    /// </summary>
    internal static bool AnyWaiters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref Total->Waiters) != 0;
    }

    /// <summary>
    /// Wakes the waiters of the word at <paramref name="address"/>, if there are any: after a write.
    /// Without waiters anywhere, one load and one branch; without waiters in the word's bucket, a
    /// hash and one more load; a system call only when the bucket has waiters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Notify(ulong seed, void* address)
    {
        if (AnyWaiters)
        {
            NotifySlow(seed, address);
        }
    }

    /// <summary>The part of <see cref="Notify"/> for when someone on the machine waits: the word's bucket decides.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void NotifySlow(ulong seed, void* address)
    {
        Bucket* bucket = BucketOf(seed, address);
        if (Volatile.Read(ref bucket->Waiters) != 0)
        {
            Wake(bucket);
        }
        else if ((++s_emptyNotifies & 1023) == 0)
        {
            // Now and then (reading the clock costs more than the rest of this path): a total that
            // killed waiters left would send every write here for nothing.
            HealIfStale(Total);
        }
    }

    /// <summary>Notifies that found their bucket empty; counted without synchronisation (a sampling clock, not a tally).</summary>
    private static int s_emptyNotifies;

    /// <summary>Bumps the bucket's sequence and wakes everyone on it; resets a count killed waiters left behind.</summary>
    /// <remarks>
    /// The total is not lowered with the bucket: it may have been reset already (by its own
    /// staleness) and since then count live waiters only, which taking the bucket's stale count off
    /// again would hide from every writer (their wake-ups would come 500 ms late). A total that
    /// still holds a stale count costs writes the bucket check until it heals by its own staleness.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Wake(Bucket* bucket)
    {
        Interlocked.Increment(ref bucket->Sequence);
        Interlocked.Increment(ref WakeCalls);
        int woken = IsShared ? Native.FutexWake(&bucket->Sequence) : 0;
        if (woken == 0)
        {
            HealIfStale(bucket);
        }
    }

    /// <summary>
    /// Nobody was asleep: if no waiter has passed through the bucket for <see cref="StaleAfterMilliseconds"/>
    /// (live waiters pass at least every <see cref="MaxSleep"/>), the count is what killed waiters
    /// left, and goes back to 0. Reads the count before the heartbeat: a waiter writes its heartbeat
    /// before it counts itself, so a count that includes a live waiter comes with its fresh heartbeat.
    /// </summary>
    private static void HealIfStale(Bucket* bucket)
    {
        int seen = Volatile.Read(ref bucket->Waiters);
        if (seen != 0
            && Environment.TickCount64 - Volatile.Read(ref bucket->Heartbeat) >= StaleAfterMilliseconds
            && Interlocked.CompareExchange(ref bucket->Waiters, 0, seen) == seen)
        {
            Interlocked.Increment(ref Heals);
        }
    }

    /// <summary>
    /// Counts a waiter in, in its bucket and then in the total (so a notifier that sees the total
    /// sees the bucket's count); heartbeats first, so a notifier that sees a count sees a fresh heartbeat.
    /// </summary>
    internal static void Enter(Bucket* bucket)
    {
        long now = Environment.TickCount64;
        Volatile.Write(ref Total->Heartbeat, now);
        Volatile.Write(ref bucket->Heartbeat, now);
        Interlocked.Increment(ref bucket->Waiters);
        Interlocked.Increment(ref Total->Waiters);
    }

    /// <summary>Refreshes the heartbeats of a waiter still counted in.</summary>
    internal static void Beat(Bucket* bucket)
    {
        long now = Environment.TickCount64;
        Volatile.Write(ref Total->Heartbeat, now);
        Volatile.Write(ref bucket->Heartbeat, now);
    }

    /// <summary>Counts a waiter out of the total and its bucket, never below 0 (a heal may have reset a count under it).</summary>
    internal static void Leave(Bucket* bucket)
    {
        Leave(Total, 1);
        Leave(bucket, 1);
    }

    private static void Leave(Bucket* bucket, int count)
    {
        int current = Volatile.Read(ref bucket->Waiters);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref bucket->Waiters, Math.Max(0, current - count), current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    /// <summary>
    /// The waiter's half of the asymmetric fence: after it, any plain store another registered
    /// process made before reading this bucket's count is visible here, or that process sees the
    /// count. Returns whether it ran (it cannot, before Linux 4.16 or under some seccomp filters).
    /// </summary>
    internal static bool Fence() => HasMembarrier && Native.MembarrierGlobal();
}

/// <summary>How waits sleep.</summary>
internal enum WaitMode
{
    /// <summary>In the kernel, on the shared table's words (Linux).</summary>
    Futex,

    /// <summary>Checking again with a growing sleep (elsewhere, or when the table is unavailable).</summary>
    Polling,
}
