namespace Emmap;

// Changing the length of the mapping: Resize, automatic growth by the growth policy, and the remap
// both share (the life of the regions they replace is in docs/architecture.md).
public sealed unsafe partial class MappedFile
{
    /// <summary>
    /// Sets the mapping (and the file, to <see cref="MapOptions.Offset"/> + <paramref name="newLength"/>)
    /// to <paramref name="newLength"/> bytes and maps it anew (emmap's <c>resize</c>). Growing keeps
    /// earlier mappings valid for their leases and views. Shrinking is refused while a lease or view
    /// could reach past the new end, or while another handle (in this process or another) has the
    /// file open. A call racing the shrink on another thread past the new end is refused
    /// (<see cref="ArgumentOutOfRangeException"/>) rather than faulting.
    /// </summary>
    /// <param name="newLength">The new length in bytes; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newLength"/> is not positive.</exception>
    /// <exception cref="NotSupportedException">The mapping is anonymous, read-only, private or <see cref="MapOptions.FixedSize"/>.</exception>
    /// <exception cref="InvalidOperationException">Shrinking while a lease or view uses the bytes that would go.</exception>
    /// <exception cref="IOException">Shrinking while another handle holds the file (its shared lock); the message names the path.</exception>
    public void Resize(long newLength)
    {
        ThrowIfDisposed();
        if (newLength <= 0 || newLength > long.MaxValue - _offset)
        {
            throw new ArgumentOutOfRangeException(nameof(newLength), newLength, $"New length {newLength} is not positive (or overflows with offset {_offset}): a mapping needs at least 1 byte.");
        }
        GrowthPolicy.ThrowIfUnmappable(nameof(newLength), newLength, newLength, $"Resizing to {newLength} bytes");
        if (!_resizable)
        {
            throw new NotSupportedException(_path is null
                ? $"This mapping cannot be resized: {FixedReason()}."
                : $"The mapping of '{_path}' cannot be resized: {FixedReason()}.");
        }
        lock (_remapLock)
        {
            long current = Current().Length;
            if (newLength == current)
            {
                return;
            }
            if (newLength < current)
            {
                ThrowIfUsedBeyond(newLength);
                FileOpener.LockForShrinking(_stream!, _path!, $"shrink it from {current} to {newLength} bytes");
                try
                {
                    Remap(newLength);
                }
                finally
                {
                    FileOpener.UnlockAfterShrinking(_stream!);
                }
                return;
            }
            Remap(newLength);
        }
    }

    /// <summary>
    /// Grows the mapping by the growth policy so that it holds the bytes of
    /// (a write of <paramref name="count"/> bytes at <paramref name="position"/>); a length that cannot
    /// be mapped fails at once, before the lock, naming the position and the limit.
    /// </summary>
    private void Grow(long position, int count)
    {
        long requiredLength = position + count;
        GrowthPolicy.ThrowIfUnmappable(nameof(position), position, requiredLength, $"A write of {count} bytes at position {position}");
        lock (_remapLock)
        {
            long current = Current().Length;
            if (requiredLength > current)
            {
                Remap(GrowthPolicy.NextLength(current, requiredLength, _growthStep));
            }
        }
    }

    /// <summary>Faults <paramref name="region"/> in (<see cref="MapOptions.Populate"/>); a page the file system cannot back is an <see cref="IOException"/>, and the region is released.</summary>
    private static void Populate(MappedRegion region, string? path)
    {
        int errno = region.Populate();
        if (errno != 0)
        {
            region.Close(null);
            throw new IOException(
                $"Cannot populate the {region.Length}-byte mapping of '{path}': a page cannot be read in ({Errno.Describe(errno)}); the file system cannot back it (a full disk under a sparse file, or a file shortened by another program).");
        }
    }

    /// <summary>
    /// Sets the file's size (reserving the bytes newly mapped, see <see cref="FileSpace"/>) and maps
    /// <paramref name="newLength"/> bytes anew. Called under <see cref="_remapLock"/>. When growing
    /// fails at any step the file keeps its length and the handle its mapping.
    /// </summary>
    private void Remap(long newLength)
    {
        FileStream stream = _stream!;
        long end = _offset + newLength;
        bool shrinking = newLength < _region.Length;
        long before = stream.Length;
        if (!shrinking)
        {
            FileSpace.ThrowIfCannotMap(_path!, newLength, before);
            FileSpace.Grow(stream, _path!, _offset + _region.Length, end, _sparse);
        }
        MappedRegion next;
        try
        {
            next = MappedRegion.MapFile(stream, _path!, _offset, newLength, writable: true, shared: true);
            if (_populate)
            {
                Populate(next, _path);
            }
        }
        catch
        {
            if (!shrinking)
            {
                FileSpace.RollBack(stream, before, end);
            }
            throw;
        }
        MappedRegion previous = _region;
        _replaced.RemoveAll(static w => !w.TryGetTarget(out _));
        _replaced.Add(new WeakReference<MappedRegion>(previous));
        Volatile.Write(ref _region, next);
        if (shrinking)
        {
            // Threads still inside a call on an earlier region must not fault on the pages that go.
            previous.RetireBeyond(newLength);
            foreach (WeakReference<MappedRegion> replaced in _replaced)
            {
                if (replaced.TryGetTarget(out MappedRegion? region))
                {
                    region.RetireBeyond(newLength);
                }
            }
            // Only now: had mapping failed, the current region would have reached past the end of the file.
            stream.SetLength(end);
        }
    }

    private void ThrowIfUsedBeyond(long newLength)
    {
        var regions = new List<MappedRegion> { _region };
        foreach (WeakReference<MappedRegion> replaced in _replaced)
        {
            if (replaced.TryGetTarget(out MappedRegion? region))
            {
                regions.Add(region);
            }
        }
        foreach (MappedRegion region in regions)
        {
            if (region.Length > newLength && (region.LeaseCount > 0 || region.HasViews))
            {
                throw new InvalidOperationException(
                    $"Cannot shrink the mapping to {newLength} bytes: a {(region.HasViews ? "layout view" : "lease")} over the earlier {region.Length}-byte mapping could still reach the bytes past the new end.");
            }
        }
    }

    private string FixedReason() =>
        _stream is null ? "it is anonymous"
        : !_canWrite ? "it was opened read-only (MapAccess.Read)"
        : _throughLink ? "it was opened through a symbolic link, and Emmap never changes the length of a file through one (open the target's own path to grow it)"
        : "it is private (copy-on-write) or was opened with MapOptions.FixedSize";
}
