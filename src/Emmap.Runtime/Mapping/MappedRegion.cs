using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// One mapping of a file (or of anonymous memory) into this process: the base pointer and the
/// length of what is mapped. <c>MappedFile</c> owns its regions; leases and layout views keep
/// a reference to the region they point into.
/// </summary>
/// <remarks>
/// Lifetime contract shared by <c>MappedFile</c>, leases and <see cref="MappedView"/>:
/// <list type="bullet">
/// <item><see cref="Self"/> becomes <see langword="null"/> (<see cref="Closed"/>) when the owning file
/// is disposed; every view member checks it and throws <see cref="ObjectDisposedException"/>.</item>
/// <item>The address range is released (unmapped) only by the finalizer, once nothing can reach the
/// region: not the owning file (which swaps in <see cref="DisposedRegion"/> when disposed, or a new
/// region when it grows), no lease, no view, and no thread in the middle of a <c>MappedFile</c> call
/// (each keeps the region it read alive with <see cref="GC.KeepAlive(object)"/>). So no thread can
/// ever touch an unmapped address, whatever it races with.</item>
/// <item>The file is released sooner: when the region is closed, its last lease is gone and no
/// layout view was ever bound to it, it is <em>retired</em>. On Linux its pages are replaced in one step by private anonymous zero pages
/// (<see cref="Native.ReplaceWithZeroPages"/>) and the file mapping is dropped at once, so a thread
/// that passed its check a moment before a dispose reads zeros or writes into private memory instead
/// of faulting (and then fails its check after the access), and the file is neither kept mapped nor
/// kept open. Elsewhere the file stays mapped until the finalizer runs. A region never holds the
/// <c>MemoryMappedFile</c> (disposed as soon as the view is made); from <see cref="Close"/> until it
/// is retired it holds the file's handle, so the handle's shared <c>flock</c> protects its leases.</item>
/// <item>A region a layout view was bound to is never retired: views are copyable structs with no
/// release point, and their accessors are as cheap as a raw pointer, with one check before the
/// access and none after. So the file stays mapped (and its handle, with its shared <c>flock</c>,
/// held) until the finalizer, once no view can reach the region; a view access that passed its
/// check a moment before a dispose still reads or writes the file itself, never zeros.</item>
/// <item>A region left behind by a shrinking resize has the pages past the new end of the file
/// replaced the same way (it has no lease or view there: the resize refuses otherwise), so a racing
/// access there reads zeros instead of raising <c>SIGBUS</c>.</item>
/// </list>
/// </remarks>
internal sealed unsafe partial class MappedRegion
{
    /// <summary>The region every disposed <c>MappedFile</c> points at: nothing mapped, every check fails, <see cref="Closed"/>.</summary>
    internal static readonly MappedRegion DisposedRegion = new();

    /// <summary>The first mapped byte that the owning file exposes (its position 0).</summary>
    internal byte* Pointer;

    /// <summary>The number of bytes from <see cref="Pointer"/> that are mapped.</summary>
    internal long Length;

    /// <summary>
    /// This region while it is open, <see langword="null"/> once the owning file is disposed: a
    /// view's check is <c>region.Self == region</c>, a compare of memory with a register that the CPU
    /// fuses with its branch (a compare of a flag with a constant is not fused).
    /// </summary>
    internal MappedRegion? Self;

    /// <summary>Whether the owning file is disposed; views and leases refuse access from then on.</summary>
    internal bool Closed => Volatile.Read(ref Self) is null;

    /// <summary>
    /// The writability sentinel of views: this region while it is open <em>and</em> writable,
    /// <see langword="null"/> when it was mapped read-only or once it is closed. A view's write path
    /// (<see cref="MappedView.WriteAddress"/>) compares <c>region.WriteSelf == region</c> instead of
    /// <see cref="Self"/>: the same one fused compare-and-branch, so a write costs what it did and a
    /// read (which still compares <see cref="Self"/>) is untouched. A read-only region is mapped
    /// <c>PROT_READ</c>, so this check is what stands between a stray store and a <c>SIGSEGV</c>.
    /// </summary>
    internal MappedRegion? WriteSelf;

    /// <summary>The full path of the mapped file, for messages; <see langword="null"/> for anonymous memory.</summary>
    internal readonly string? Path;

    /// <summary>
    /// <see cref="Length"/> + 1 while the owning file may read the region, 0 once closed: the file's
    /// hot paths check <c>(ulong)position &lt; ReadEnd</c> and <c>(ulong)position + count &lt; ReadEnd</c>
    /// in one branch, which rejects a negative position, a range past the end and a disposed file alike.
    /// </summary>
    internal ulong ReadEnd;

    /// <summary>As <see cref="ReadEnd"/> for writes: 0 when the mapping is read-only or closed.</summary>
    internal ulong WriteEnd;

    /// <summary>
    /// The typed 4-byte paths' bound, kept with <see cref="ReadEnd"/>: <see cref="Length"/> − 3 while
    /// readable, 0 when refused, so that <c>(ulong)position &lt; ReadLimit4</c> alone says a 4-byte read
    /// at <c>position</c> is allowed (a negative position wraps to a huge one and fails too).
    /// </summary>
    internal ulong ReadLimit4;

    /// <summary>As <see cref="ReadLimit4"/> for 8-byte reads: <see cref="Length"/> − 7, or 0.</summary>
    internal ulong ReadLimit8;

    /// <summary>As <see cref="ReadLimit4"/> for 4-byte writes, kept with <see cref="WriteEnd"/>.</summary>
    internal ulong WriteLimit4;

    /// <summary>As <see cref="ReadLimit4"/> for 8-byte writes, kept with <see cref="WriteEnd"/>.</summary>
    internal ulong WriteLimit8;

    /// <summary>
    /// Set once <c>MappedFile.Bind</c> has handed out a view: a shrinking resize then refuses to cut
    /// under it, and the region is never retired early, only unmapped by the finalizer, so a view
    /// access that passed its one check a moment before a dispose still reads and writes the file.
    /// </summary>
    private volatile bool _hasViews;

    private int _leases;
    private int _retired;
    private int _unmapped;
    private readonly MemoryMappedViewAccessor? _accessor;

    /// <summary>
    /// The file's handle, held (one reference) from <see cref="Close"/> until the file mapping is
    /// gone, so that a lease outliving its <c>MappedFile</c> keeps the descriptor, and with it the
    /// shared <c>flock</c> that stops other handles from shrinking the file under the lease.
    /// </summary>
    private SafeHandle? _fileHold;
    private readonly bool _acquired;

    /// <summary>The page-aligned start of the whole view the BCL mapped (at or before <see cref="Pointer"/>).</summary>
    private readonly byte* _viewStart;

    /// <summary>The length of the whole view the BCL mapped, from <see cref="_viewStart"/>.</summary>
    private readonly nuint _viewLength;

    private MappedRegion()
    {
        _retired = 1;
        _unmapped = 1;
        GC.SuppressFinalize(this);
    }

    private MappedRegion(MemoryMappedViewAccessor accessor, long length, bool writable, string? path)
    {
        _accessor = accessor;
        Path = path;
        byte* basePointer = null;
        accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        _acquired = true;
        _viewStart = basePointer;
        _viewLength = (nuint)accessor.SafeMemoryMappedViewHandle.ByteLength;
        Pointer = basePointer + accessor.PointerOffset;
        Self = this;
        WriteSelf = writable ? this : null;
        Length = length;
        SetEnds((ulong)length + 1, writable ? (ulong)length + 1 : 0);
    }

    /// <summary>Whether a view has been handed out over this region.</summary>
    internal bool HasViews => _hasViews;

    /// <summary>The number of unreleased leases on this region.</summary>
    internal int LeaseCount => Volatile.Read(ref _leases);

    /// <summary>
    /// Maps <paramref name="length"/> bytes of <paramref name="stream"/> from <paramref name="offset"/>
    /// (the file must already be that long). A read-only mapping is shared and read-only
    /// (<c>PROT_READ</c>, <c>MAP_SHARED</c>), whatever <paramref name="shared"/> says: it sees other
    /// processes' writes live, and every write path refuses it before the store
    /// (<see cref="WriteEnd"/>, <see cref="WriteSelf"/>), since a store would fault. Only a writable
    /// private mapping is copy-on-write (<c>MAP_PRIVATE</c>), as <see cref="MapSharing.Private"/> asks.
    /// </summary>
    internal static MappedRegion MapFile(FileStream stream, string path, long offset, long length, bool writable, bool shared)
    {
        MemoryMappedFileAccess access = !writable ? MemoryMappedFileAccess.Read
            : shared ? MemoryMappedFileAccess.ReadWrite
            : MemoryMappedFileAccess.CopyOnWrite;
        MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: true);
        MappedRegion region = Create(file, offset, length, access, writable, path);
        region.SetWaitSeed(Native.Identity(stream.SafeFileHandle.DangerousGetHandle()), offset);
        return region;
    }

    /// <summary>Maps <paramref name="length"/> bytes of zeroed anonymous memory, read-write.</summary>
    internal static MappedRegion MapAnonymous(long length)
    {
        MemoryMappedFile file = MemoryMappedFile.CreateNew(null, length, MemoryMappedFileAccess.ReadWrite);
        MappedRegion region = Create(file, 0, length, MemoryMappedFileAccess.ReadWrite, writable: true, path: null);
        region.SetWaitSeed(null, 0);
        return region;
    }

    private static MappedRegion Create(MemoryMappedFile file, long offset, long length, MemoryMappedFileAccess access, bool writable, string? path)
    {
        // The view does not need the MemoryMappedFile once made; disposing it at once means a region
        // waiting for its finalizer holds no reference to the file's descriptor (nor its flock).
        using (file)
        {
            MemoryMappedViewAccessor accessor = file.CreateViewAccessor(offset, length, access);
            try
            {
                return new MappedRegion(accessor, length, writable, path);
            }
            catch
            {
                accessor.Dispose();
                throw;
            }
        }
    }

    /// <summary>Marks the region as having views.</summary>
    internal void MarkViewed() => _hasViews = true;

    /// <summary>
    /// Takes a lease (or a pin) on the region; <see langword="false"/> (and no lease) when the
    /// region has been closed meanwhile. The full fence of the increment pairs with <see cref="Close"/>'s:
    /// either this sees <see cref="Closed"/>, or <see cref="Close"/> sees the lease and does not retire.
    /// </summary>
    internal bool TryAddLease()
    {
        Interlocked.Increment(ref _leases);
        if (Closed)
        {
            ReleaseLease();
            return false;
        }
        return true;
    }

    /// <summary>Takes a pin for a lease that already holds the region (so it is never retired under it).</summary>
    internal void AddLease() => Interlocked.Increment(ref _leases);

    /// <summary>Releases a lease; the last one on a closed region retires it.</summary>
    internal void ReleaseLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Closed && !_hasViews)
        {
            Retire();
        }
    }

    /// <summary>
    /// The owning file is disposed: refuse access from now on and retire the region if no lease
    /// uses it. <paramref name="file"/> (the file's handle, still open) is held until the file
    /// mapping is gone.
    /// </summary>
    internal void Close(SafeHandle? file)
    {
        if (file is not null && _acquired)
        {
            bool added = false;
            file.DangerousAddRef(ref added);
            _fileHold = file;
        }
        SetEnds(0, 0);
        Volatile.Write(ref WriteSelf, null);
        Volatile.Write(ref Self, null);
        Interlocked.MemoryBarrier(); // pairs with the full fences of TryAddLease and ReleaseLease
        if (Volatile.Read(ref _leases) == 0 && !_hasViews)
        {
            Retire();
        }
        InterruptWaits();
    }

    /// <summary>
    /// After a shrinking resize has replaced this region: refuse (through <see cref="ReadEnd"/>)
    /// anything past <paramref name="keep"/> bytes, and, before the file is cut, replace the pages
    /// wholly past it with zero pages so that a thread in the middle of an access there cannot fault.
    /// </summary>
    internal void RetireBeyond(long keep)
    {
        if (keep >= Length)
        {
            return;
        }
        SetEnds(Math.Min(ReadEnd, (ulong)keep + 1), Math.Min(WriteEnd, (ulong)keep + 1));
        Interlocked.MemoryBarrier();
        nuint pageSize = (nuint)Environment.SystemPageSize;
        byte* from = (byte*)(((nuint)(Pointer + keep) + pageSize - 1) & ~(pageSize - 1));
        byte* end = _viewStart + _viewLength;
        if (from < end)
        {
            _ = Native.ReplaceWithZeroPages(from, (nuint)(end - from));
        }
    }

    /// <summary>
    /// Sets <see cref="ReadEnd"/> and <see cref="WriteEnd"/> and the typed bounds derived from them.
    /// Every bound only ever shrinks after construction, so a reader that sees any mix of old and new
    /// values still refuses what the new ones refuse once its post-access check runs.
    /// </summary>
    private void SetEnds(ulong readEnd, ulong writeEnd)
    {
        ReadLimit4 = Limit(readEnd, 4);
        ReadLimit8 = Limit(readEnd, 8);
        WriteLimit4 = Limit(writeEnd, 4);
        WriteLimit8 = Limit(writeEnd, 8);
        ReadEnd = readEnd;
        WriteEnd = writeEnd;
    }

    /// <summary>The bound below which a <paramref name="size"/>-byte access fits before <paramref name="end"/> (length + 1, or 0).</summary>
    private static ulong Limit(ulong end, uint size) => end > size ? end - size : 0;

    /// <summary>The typed bound for a <paramref name="size"/>-byte (4 or 8) read or write; constant-folded where inlined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref ulong TypedLimit(int size, bool write)
    {
        if (write)
        {
            return ref size == 4 ? ref WriteLimit4 : ref WriteLimit8;
        }
        return ref size == 4 ? ref ReadLimit4 : ref ReadLimit8;
    }

    /// <summary>
    /// The exception for a write that <see cref="WriteSelf"/> refused: <see cref="ObjectDisposedException"/>
    /// once the owning file is disposed, otherwise <see cref="UnauthorizedAccessException"/> naming
    /// the path (the region was mapped read-only).
    /// </summary>
    internal Exception RefusedWrite() => Closed
        ? new ObjectDisposedException("Emmap.MappedFile", "The MappedFile this layout view points into has been disposed.")
        : new UnauthorizedAccessException(
            $"'{Path}' was opened read-only (MapAccess.Read), so this layout cannot be written through it: nothing was changed. Open it with MapAccess.ReadWrite to write.");

    /// <summary>Writes the region's dirty pages to the file and waits (<c>msync(MS_SYNC)</c>).</summary>
    internal void Flush() => _accessor!.Flush();

    /// <summary>Faults the whole region in; 0, or the <c>errno</c> of a page that cannot be read in (see <see cref="Native.Populate"/>).</summary>
    internal int Populate() => Native.Populate(Pointer, Length);

    /// <summary>
    /// Releases the file: on Linux the pages become private zero pages and the file mapping (and with
    /// it the descriptor's last reference) goes at once; elsewhere nothing happens before the finalizer.
    /// The address range itself is released only by the finalizer.
    /// </summary>
    private void Retire()
    {
        if (!_acquired || Interlocked.Exchange(ref _retired, 1) != 0)
        {
            return;
        }
        if (Native.ReplaceWithZeroPages(_viewStart, _viewLength))
        {
            ReleaseFileHold();
        }
    }

    private void ReleaseFileHold() => Interlocked.Exchange(ref _fileHold, null)?.DangerousRelease();

    private void Unmap()
    {
        if (!_acquired || Interlocked.Exchange(ref _unmapped, 1) != 0)
        {
            return;
        }
        SetEnds(0, 0);
        _accessor!.SafeMemoryMappedViewHandle.ReleasePointer();
        _accessor.Dispose();
        ReleaseFileHold();
    }

    /// <summary>Unmaps a region nothing can reach any more.</summary>
    ~MappedRegion() => Unmap();
}
