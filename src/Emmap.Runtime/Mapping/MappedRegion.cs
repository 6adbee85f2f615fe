using System.IO.MemoryMappedFiles;

namespace Emmap;

/// <summary>
/// One mapping of a file (or of anonymous memory) into this process: the base pointer and the
/// length of what is mapped. <c>MappedFile</c> owns its regions; leases and layout views keep
/// a reference to the region they point into.
/// </summary>
/// <remarks>
/// Lifetime contract shared by <c>MappedFile</c>, leases and <see cref="MappedView"/>:
/// <list type="bullet">
/// <item><see cref="Closed"/> becomes <see langword="true"/> when the owning file is disposed; every
/// view member checks it and throws <see cref="ObjectDisposedException"/>.</item>
/// <item>The memory is unmapped only when nothing can reach it any more: the file is disposed (or
/// has replaced the region after growth), every lease on it is released, and, once a view has been
/// handed out over it, the region object itself is unreachable (its finalizer unmaps). So a thread
/// that passed the <see cref="Closed"/> check a moment before a dispose still reads mapped memory.</item>
/// </list>
/// How that is kept: a region is unmapped eagerly only by <see cref="Close"/> or the release of its
/// last lease, and only when it is closed, has no lease and has never had a view. A region replaced
/// by growth is not closed, so it is unmapped by its finalizer once nothing (a lease, a view, or a
/// thread in the middle of a <c>MappedFile</c> call, which keeps it alive with
/// <see cref="GC.KeepAlive(object)"/>) can reach it.
/// </remarks>
internal sealed unsafe partial class MappedRegion
{
    /// <summary>The first mapped byte that the owning file exposes (its position 0).</summary>
    internal byte* Pointer;

    /// <summary>The number of bytes from <see cref="Pointer"/> that are mapped.</summary>
    internal long Length;

    /// <summary>Set when the owning file is disposed; views and leases refuse access from then on.</summary>
    internal bool Closed;

    /// <summary>
    /// <see cref="Length"/> + 1 while the owning file may read the region, 0 once closed: the file's
    /// hot paths check <c>(ulong)position &lt; ReadEnd</c> and <c>(ulong)position + count &lt; ReadEnd</c>
    /// in one branch, which rejects a negative position, a range past the end and a disposed file alike.
    /// </summary>
    internal ulong ReadEnd;

    /// <summary>As <see cref="ReadEnd"/> for writes: 0 when the mapping is read-only or closed.</summary>
    internal ulong WriteEnd;

    /// <summary>Set once <c>MappedFile.Bind</c> has handed out a view: from then on only the finalizer unmaps.</summary>
    private volatile bool _hasViews;

    private int _leases;
    private int _unmapped;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _accessor;
    private readonly bool _acquired;

    private MappedRegion(MemoryMappedFile file, MemoryMappedViewAccessor accessor, long length, bool writable)
    {
        _file = file;
        _accessor = accessor;
        byte* basePointer = null;
        accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        _acquired = true;
        Pointer = basePointer + accessor.PointerOffset;
        Length = length;
        ReadEnd = (ulong)length + 1;
        WriteEnd = writable ? (ulong)length + 1 : 0;
    }

    /// <summary>Whether a view has been handed out over this region.</summary>
    internal bool HasViews => _hasViews;

    /// <summary>The number of unreleased leases on this region.</summary>
    internal int LeaseCount => Volatile.Read(ref _leases);

    /// <summary>
    /// Maps <paramref name="length"/> bytes of <paramref name="stream"/> from <paramref name="offset"/>
    /// (the file must already be that long). A read-only or private mapping is made copy-on-write,
    /// so a stray write through a lease or a view changes a private page instead of faulting.
    /// </summary>
    internal static MappedRegion MapFile(FileStream stream, long offset, long length, bool writable, bool shared)
    {
        MemoryMappedFileAccess access = writable && shared ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.CopyOnWrite;
        MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: true);
        return Create(file, offset, length, access, writable);
    }

    /// <summary>Maps <paramref name="length"/> bytes of zeroed anonymous memory, read-write.</summary>
    internal static MappedRegion MapAnonymous(long length)
    {
        MemoryMappedFile file = MemoryMappedFile.CreateNew(null, length, MemoryMappedFileAccess.ReadWrite);
        return Create(file, 0, length, MemoryMappedFileAccess.ReadWrite, writable: true);
    }

    private static MappedRegion Create(MemoryMappedFile file, long offset, long length, MemoryMappedFileAccess access, bool writable)
    {
        MemoryMappedViewAccessor? accessor = null;
        try
        {
            accessor = file.CreateViewAccessor(offset, length, access);
            return new MappedRegion(file, accessor, length, writable);
        }
        catch
        {
            accessor?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Marks the region as having views: from now on only the finalizer unmaps it.</summary>
    internal void MarkViewed() => _hasViews = true;

    /// <summary>Takes a lease (or a pin) on the region. The caller has checked that the file is open.</summary>
    internal void AddLease() => Interlocked.Increment(ref _leases);

    /// <summary>Releases a lease; the last one on a closed, never-viewed region unmaps it.</summary>
    internal void ReleaseLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            UnmapIfUnused();
        }
    }

    /// <summary>The owning file is disposed: refuse access from now on and unmap if nothing uses the region.</summary>
    internal void Close()
    {
        ReadEnd = 0;
        WriteEnd = 0;
        Closed = true;
        Interlocked.MemoryBarrier(); // pairs with the full fence of ReleaseLease's decrement
        UnmapIfUnused();
    }

    /// <summary>Writes the region's dirty pages to the file and waits (<c>msync(MS_SYNC)</c>).</summary>
    internal void Flush() => _accessor.Flush();

    /// <summary>Faults the whole region in.</summary>
    internal void Populate() => Native.Populate(Pointer, Length);

    private void UnmapIfUnused()
    {
        if (Closed && !_hasViews && Volatile.Read(ref _leases) == 0)
        {
            Unmap();
            GC.SuppressFinalize(this);
        }
    }

    private void Unmap()
    {
        if (!_acquired || Interlocked.Exchange(ref _unmapped, 1) != 0)
        {
            return;
        }
        ReadEnd = 0;
        WriteEnd = 0;
        _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
        _accessor.Dispose();
        _file.Dispose();
    }

    /// <summary>Unmaps a region nothing can reach any more (a replaced region, a viewed one, or a leaked lease's).</summary>
    ~MappedRegion() => Unmap();
}
