namespace Emmap;

// What waiting needs from a region: the seed that turns an address into its side-table bucket,
// and the waits to interrupt when the owning file is disposed (docs/waiting.md).
internal sealed unsafe partial class MappedRegion
{
    private static long s_anonymousMappings;

    private readonly List<IWaitInterrupt> _waits = [];

    /// <summary>
    /// <c>seed + address / 8</c> is the same number in every process for the same 8-byte word of the
    /// same file: a hash of the file's device and inode plus the word's index in the file. (A page of
    /// the file maps to a page-aligned address, so an address and its file offset agree modulo 8.)
    /// An anonymous mapping gets a seed of its own: no other process can map it.
    /// </summary>
    internal ulong WaitSeed;

    /// <summary>Sets <see cref="WaitSeed"/> for the file mapped at <see cref="Pointer"/> from file offset <paramref name="offset"/>.</summary>
    private void SetWaitSeed((ulong Device, ulong Inode)? identity, long offset)
    {
        (ulong device, ulong inode) = identity ?? (ulong.MaxValue, (ulong)Interlocked.Increment(ref s_anonymousMappings));
        ulong mix = unchecked(Mix(device) ^ Mix(inode + 0x9E3779B97F4A7C15UL));
        WaitSeed = unchecked(mix + ((ulong)offset >> 3) - ((ulong)Pointer >> 3));
        WaitTable.EnsureInitialized(); // maps the table and registers for the barrier before the first write
    }

    private static ulong Mix(ulong x)
    {
        unchecked
        {
            x ^= x >> 30;
            x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 27;
            x *= 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    /// <summary>Adds a wait that the file's dispose must end; <see langword="false"/> when the region is already closed.</summary>
    internal bool AddWait(IWaitInterrupt wait)
    {
        lock (_waits)
        {
            if (Closed)
            {
                return false;
            }
            _waits.Add(wait);
            return true;
        }
    }

    /// <summary>Removes a wait that has ended.</summary>
    internal void RemoveWait(IWaitInterrupt wait)
    {
        lock (_waits)
        {
            _ = _waits.Remove(wait);
        }
    }

    /// <summary>Wakes every wait on this region once it is closed: each finds the file disposed and throws.</summary>
    private void InterruptWaits()
    {
        IWaitInterrupt[] waits;
        lock (_waits)
        {
            waits = [.. _waits];
            _waits.Clear();
        }
        foreach (IWaitInterrupt wait in waits)
        {
            wait.Interrupt();
        }
    }
}
