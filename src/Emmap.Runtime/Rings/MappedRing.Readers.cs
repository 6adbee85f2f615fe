namespace Emmap;

// A broadcast ring's readers (docs/architecture.md, "Broadcast rings"): registration and removal in
// the reader table, and the release of what every registered reader has read (the locks are in
// MappedRing.ReleaseLock.cs). Producers are unchanged: the head they are gated by is, in a broadcast
// ring, the smallest of the readers' positions, released lazily by whichever reader was at it.
public sealed unsafe partial class MappedRing
{
    private readonly List<RingReader> _openReaders = [];

    /// <summary>The ring's reader slots: 0 for a single-consumer ring, 1 to <see cref="MappedRingOptions.MaxReaderSlots"/> for a broadcast ring (see <see cref="MappedRingOptions.MaxReaders"/>).</summary>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public int MaxReaders
    {
        get
        {
            Check();
            return _readerSlots;
        }
    }

    /// <summary>
    /// The registered readers of a broadcast ring and their persisted positions, in slot order (empty
    /// for a single-consumer ring). A snapshot: readers keep moving.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public IReadOnlyList<(string Name, long Position)> Readers
    {
        get
        {
            Check();
            return RingReaderTable.List(_table, _readerSlots);
        }
    }

    /// <summary>
    /// Opens the reader <paramref name="name"/> of a broadcast ring, registering it when it is new: a
    /// new reader starts at the oldest message the ring still holds (<see cref="ReadPosition"/>: what
    /// the slowest registered reader has not read yet, or everything written while no reader was
    /// registered), a known one where it left off. From then on it holds producers back: no message
    /// is released until every registered reader has read it, so a reader that stops for good must
    /// be removed (<see cref="RemoveReader"/>). One open instance per name at a time, across
    /// processes (a byte-range lock the kernel drops when the process dies).
    /// </summary>
    /// <param name="name">The reader's name: 1 to 47 bytes of UTF-8, compared ordinally.</param>
    /// <returns>The reader; dispose it to let another instance open the name.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 47 bytes of UTF-8, or not valid Unicode.</exception>
    /// <exception cref="InvalidOperationException">
    /// The ring is a single-consumer ring; an instance of the reader is open (in this or another
    /// process); or every reader slot is taken.
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">A file ring on a system other than Linux (readers need its open-file-description locks).</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public RingReader OpenReader(string name)
    {
        byte[] bytes = RingReaderTable.EncodeName(name);
        Check();
        RequireBroadcast(nameof(OpenReader));
        FileStream? stream = OpenLockStream();
        int locked = -1;
        try
        {
            int slot;
            EnterRegistration(stream);
            try
            {
                long held = AcquireReleaseWaiting(RegistrationId, stream);
                try
                {
                    // Under the release lock, so the release that follows a reader's read never misses
                    // a reader being added: the new reader's position is the head, and stays ahead of it.
                    ReleaseLocked();
                    slot = RingReaderTable.Find(_table, _readerSlots, bytes);
                    bool known = slot >= 0;
                    if (!known)
                    {
                        slot = RingReaderTable.FindFree(_table, _readerSlots);
                        if (slot < 0)
                        {
                            throw new InvalidOperationException(
                                $"The ring '{PathOrAnonymous}' has no free reader slot for '{name}': all {_readerSlots} (MappedRingOptions.MaxReaders) are registered. Remove a reader that is gone (RemoveReader), or create the ring with more.");
                        }
                    }
                    if (!TryLockSlot(stream, slot))
                    {
                        throw new InvalidOperationException(
                            $"The reader '{name}' of the ring '{PathOrAnonymous}' is already open (another instance, in this or another process): a reader name has one open instance at a time.");
                    }
                    locked = slot;
                    if (!known)
                    {
                        RingReaderTable.Register(RingReaderTable.Slot(_table, slot), bytes, HeadNow);
                    }
                }
                finally
                {
                    ExitRelease(held);
                }
                ReleaseToSlowest(RegistrationId, stream, steal: false); // what readers left to this holder meanwhile
            }
            finally
            {
                ExitRegistration(stream);
            }
            var reader = new RingReader(this, name, slot, RingReaderTable.Cursor(RingReaderTable.Slot(_table, slot)), stream);
            lock (_gate)
            {
                Check();
                _openReaders.Add(reader);
            }
            return reader;
        }
        catch
        {
            if (locked >= 0)
            {
                UnlockSlot(stream, locked);
            }
            stream?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes the registration of the reader <paramref name="name"/>, so that it no longer holds
    /// producers back: what only it had left to read is released. Refused while an instance of it
    /// is open. A later <see cref="OpenReader"/> of the name registers it afresh.
    /// </summary>
    /// <param name="name">The reader's name.</param>
    /// <returns>Whether the reader was registered.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> cannot be a reader name.</exception>
    /// <exception cref="InvalidOperationException">The ring is a single-consumer ring, or an instance of the reader is open (in this or another process).</exception>
    /// <exception cref="PlatformNotSupportedException">A file ring on a system other than Linux.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public bool RemoveReader(string name)
    {
        byte[] bytes = RingReaderTable.EncodeName(name);
        Check();
        RequireBroadcast(nameof(RemoveReader));
        FileStream? stream = OpenLockStream();
        try
        {
            EnterRegistration(stream);
            try
            {
                bool removed = false;
                long held = AcquireReleaseWaiting(RegistrationId, stream);
                try
                {
                    int slot = RingReaderTable.Find(_table, _readerSlots, bytes);
                    if (slot >= 0)
                    {
                        if (!TryLockSlot(stream, slot))
                        {
                            throw new InvalidOperationException(
                                $"The reader '{name}' of the ring '{PathOrAnonymous}' is open (in this or another process): dispose it before removing it.");
                        }
                        try
                        {
                            RingReaderTable.Remove(RingReaderTable.Slot(_table, slot));
                        }
                        finally
                        {
                            UnlockSlot(stream, slot);
                        }
                        ReleaseLocked();
                        removed = true;
                    }
                }
                finally
                {
                    ExitRelease(held);
                }
                ReleaseToSlowest(RegistrationId, stream, steal: false);
                return removed;
            }
            finally
            {
                ExitRegistration(stream);
            }
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>
    /// Releases what every registered reader has read, if there is something and no one else is
    /// releasing: one try of the release lock (an interlocked operation, no system call), and after
    /// letting it go a look again, because a reader that found it taken meanwhile left its release
    /// to the holder. With <paramref name="steal"/> (an idle reader), a lock whose holder is dead is
    /// taken over: its holder's slot lock (or the registration lock) tells, through the kernel.
    /// </summary>
    /// <param name="id">The caller's id: its reader slot (whose lock it holds), or <see cref="RegistrationId"/>.</param>
    /// <param name="stream">The caller's lock descriptor; <see langword="null"/> in an anonymous ring.</param>
    /// <param name="steal">Whether to look at a holder's liveness (a system call) and take the lock of a dead one.</param>
    internal void ReleaseToSlowest(int id, FileStream? stream, bool steal)
    {
        while (RingReaderTable.MinCursor(_table, _readerSlots, long.MinValue) > HeadNow)
        {
            if (!TryAcquireRelease(id, stream, steal, out long held))
            {
                return; // the holder looks again after it lets go
            }
            try
            {
                ReleaseLocked();
            }
            finally
            {
                ExitRelease(held); // a full fence: the positions are read again after it
            }
        }
    }

    /// <summary>Under the release lock: finishes a release cut short, then releases up to the slowest registered reader (two segments across the wrap).</summary>
    private void ReleaseLocked()
    {
        FinishRelease();
        long head = HeadNow;
        long min = RingReaderTable.MinCursor(_table, _readerSlots, head);
        while (head < min)
        {
            int headIndex = (int)head & _mask;
            int bytes = (int)Math.Min(min - head, _capacity - headIndex);
            Release(head, headIndex, bytes);
            head += bytes;
        }
    }

    /// <summary>A reader's instance is gone: its slot lock is dropped (before its descriptor closes, for a child being forked holds a copy).</summary>
    internal void CloseReader(RingReader reader, int slot, FileStream? stream)
    {
        lock (_gate)
        {
            _ = _openReaders.Remove(reader);
            UnlockSlot(stream, slot);
            stream?.Dispose();
        }
    }

    private void DisposeReaders()
    {
        RingReader[] open;
        lock (_gate)
        {
            open = [.. _openReaders];
        }
        foreach (RingReader reader in open)
        {
            reader.Dispose();
        }
    }

    private void RequireBroadcast(string operation)
    {
        if (_readerSlots == 0)
        {
            throw new InvalidOperationException(
                $"The ring '{PathOrAnonymous}' is a single-consumer ring: {operation} is for a broadcast ring (created with MappedRingOptions.MaxReaders of 1 or more); read this one through Read and WaitForMessages.");
        }
    }
}
