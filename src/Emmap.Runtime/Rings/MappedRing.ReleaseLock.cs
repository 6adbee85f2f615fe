using System.Runtime.InteropServices;

namespace Emmap;

// The locks of a broadcast ring (docs/architecture.md, "Broadcast rings"). Each open reader holds
// its slot's open-file-description lock for its life (one instance per name; the kernel drops it
// when the process dies). The release lock is a word in the header taken with a compare-and-exchange
// (no system call on the read path); its holder is always someone holding a kernel lock (its slot's,
// or the registration lock), so that a holder's death is told by the kernel, never guessed.
public sealed unsafe partial class MappedRing
{
    /// <summary>The registration lock's byte (one registration or removal at a time): just past the consumer lock's.</summary>
    internal const long RegistrationLockStart = ConsumerLockStart + 1;

    /// <summary>Reader slot <c>i</c>'s lock is on byte <c>ReaderLockStart + i</c>: one open instance per reader.</summary>
    internal const long ReaderLockStart = ConsumerLockStart + 64;

    /// <summary>The release lock's holder id for a registration or removal (which holds the registration lock).</summary>
    internal const int RegistrationId = 0xFFFF;

    private readonly object _registrationGate = new();
    private bool[]? _slotsOpen;

    private long* ReleaseLockAt => (long*)(_base + RingHeader.ReleaseLockOffset);

    /// <summary>
    /// One try of the release lock for <paramref name="id"/>: free, or held under the caller's own id
    /// (left by the caller's slot's previous instance, which died in a release: the caller holds that
    /// slot's kernel lock now, and is not releasing), or, with <paramref name="steal"/>, held by a
    /// holder whose kernel lock is free (dead). The generation in the high half makes every take a
    /// new value, so two processes taking over the same dead holder's lock cannot both succeed.
    /// </summary>
    private bool TryAcquireRelease(int id, FileStream? stream, bool steal, out long held)
    {
        long* at = ReleaseLockAt;
        long seen = Volatile.Read(ref *at);
        int owner = (int)seen;
        held = 0;
        if (owner != 0 && owner != id + 1 && (!steal || IsHolderAlive(owner - 1, stream)))
        {
            return false;
        }
        long mine = (long)((((ulong)seen >> 32) + 1) << 32) | (uint)(id + 1);
        if (Interlocked.CompareExchange(ref *at, mine, seen) != seen)
        {
            return false;
        }
        held = mine;
        return true;
    }

    /// <summary>Takes the release lock, waiting (briefly: a release zeroes at most the ring's memory) for a live holder, taking over a dead one's.</summary>
    private long AcquireReleaseWaiting(int id, FileStream? stream)
    {
        var spinner = new SpinWait();
        long held;
        while (!TryAcquireRelease(id, stream, steal: true, out held))
        {
            Check();
            spinner.SpinOnce(sleep1Threshold: 10);
        }
        return held;
    }

    /// <summary>Lets the release lock go: the holder's id cleared, the generation kept. A full fence, so that the positions read next are read after it.</summary>
    private void ExitRelease(long held) => _ = Interlocked.CompareExchange(ref *ReleaseLockAt, held & ~0xFFFF_FFFFL, held);

    /// <summary>Whether the release lock's holder <paramref name="id"/> still runs: whether another descriptor holds its kernel lock. An anonymous ring's holders are threads of this process: alive.</summary>
    private bool IsHolderAlive(int id, FileStream? stream)
    {
        if (stream is null)
        {
            return true;
        }
        if (id != RegistrationId && (uint)id >= (uint)_readerSlots)
        {
            return false; // no such holder: a corrupt word, taken over
        }
        long start = id == RegistrationId ? RegistrationLockStart : ReaderLockStart + id;
        // On an error, assume alive: never take a lock from a holder that may still be inside.
        return Native.TestRange(stream.SafeFileHandle.DangerousGetHandle(), start, 1, out bool locked) != 0 || locked;
    }

    /// <summary>The descriptor a reader's (or a registration's) kernel locks are taken through: its own, so that instances in one process exclude each other. None for an anonymous ring, whose locks are this instance's.</summary>
    private FileStream? OpenLockStream()
    {
        if (_path is null)
        {
            return null;
        }
        if (!Native.IsLinux)
        {
            throw new PlatformNotSupportedException(
                $"The broadcast ring '{_path}' cannot be read here: its readers need Linux's open-file-description locks (one instance per reader, and a release lock whose holder's death the kernel tells).");
        }
        return FileOpener.OpenExisting(_path, FileAccess.ReadWrite, FileOpener.LinkRefusal(_refuseSymlinks, mayResize: false));
    }

    /// <summary>Takes the registration lock (one registration or removal at a time, in any process), waiting.</summary>
    private void EnterRegistration(FileStream? stream)
    {
        if (stream is null)
        {
            Monitor.Enter(_registrationGate);
            return;
        }
        int errno = Native.LockRange(stream.SafeFileHandle.DangerousGetHandle(), RegistrationLockStart, 1);
        if (errno != 0)
        {
            throw LockFailed("registration", errno);
        }
    }

    private void ExitRegistration(FileStream? stream)
    {
        if (stream is null)
        {
            Monitor.Exit(_registrationGate);
            return;
        }
        _ = Native.UnlockRange(stream.SafeFileHandle.DangerousGetHandle(), RegistrationLockStart, 1);
    }

    private bool TryLockSlot(FileStream? stream, int slot)
    {
        if (stream is null)
        {
            lock (_gate)
            {
                _slotsOpen ??= new bool[_readerSlots];
                if (_slotsOpen[slot])
                {
                    return false;
                }
                _slotsOpen[slot] = true;
                return true;
            }
        }
        int errno = Native.TryLockRange(stream.SafeFileHandle.DangerousGetHandle(), ReaderLockStart + slot, 1);
        return errno == 0 || (errno == Errno.EAGAIN || errno == Errno.EACCES ? false : throw LockFailed("reader", errno));
    }

    private void UnlockSlot(FileStream? stream, int slot)
    {
        if (stream is null)
        {
            lock (_gate)
            {
                _slotsOpen![slot] = false;
            }
            return;
        }
        _ = Native.UnlockRange(stream.SafeFileHandle.DangerousGetHandle(), ReaderLockStart + slot, 1);
    }

    private IOException LockFailed(string which, int errno) =>
        new($"Cannot take the {which} lock of the ring '{_path}' (fcntl F_OFD_SETLK): {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
}
