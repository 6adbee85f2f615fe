using System.Buffers;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// A memory-mapped file (or anonymous shared memory): the .NET form of an emmap handle, with
/// absolute and sequential reads and writes, a <see cref="Stream"/> adapter, zero-copy leases,
/// atomics on 32- and 64-bit integers, flush, resize and automatic growth.
/// </summary>
/// <remarks>
/// <para><b>Thread safety.</b> <see cref="ReadAt(long, Span{byte})"/>, <see cref="WriteAt"/>, the
/// atomics, the volatile reads and writes, <see cref="Lease"/>, <see cref="Bind{T}"/>,
/// <see cref="Flush"/> and growth may be called from many threads at once. The sequential members
/// (<see cref="Position"/>, <see cref="Read(Span{byte})"/>, <see cref="ReadLine"/>,
/// <see cref="Seek"/>) share one position per handle and are not thread-safe: use them from one
/// thread at a time, or use the absolute members. <see cref="Dispose"/> and <see cref="Resize"/> may
/// race the other members too: nothing ever touches unmapped memory (see <c>docs/reliability.md</c>).
/// A call that starts after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>, and
/// so does one that Dispose overtakes mid-way (the hot paths check again after the access, one more
/// plain load): it never returns bytes that are not the file's. A write or atomic that throws that
/// way may or may not have reached the file. Leases and layout views stay valid across both.</para>
/// <para><b>Memory lifetime.</b> Leases keep the file mapped until they are released, even after
/// the file is disposed. Otherwise, on dispose, the file is released at once (on Linux its pages
/// are swapped for private zero pages in one step) while the addresses stay reserved until nothing
/// (no view, no thread in the middle of a call) can reach them, when a finalizer releases them.
/// Growth maps the file anew; the earlier mapping stays valid for the leases and views over it and
/// sees the same bytes.</para>
/// <para><b>Other processes.</b> A shared mapping sees other processes' writes at once. Every handle
/// holds a shared <c>flock</c> on its file while it is open (and while a lease keeps its mapping),
/// and Emmap never shrinks a file (a shrinking <see cref="Resize"/>, <see cref="MapOptions.Truncate"/>)
/// without first converting that to an exclusive lock, so it refuses with an <see cref="IOException"/>
/// while another handle, in this process or another, has the file mapped. Code that ignores the lock
/// (<c>truncate(1)</c>, another library) can still shrink the file: the operating system then raises
/// <c>SIGBUS</c> on the next access past the new end, which ends a .NET process, as with any
/// memory-mapped file.</para>
/// </remarks>
public sealed unsafe partial class MappedFile : IDisposable
{
    private readonly FileStream? _stream;

    /// <summary>The open file, for formats that lock ranges of it or grow it in place (layout-file upgrades); <see langword="null"/> for an anonymous mapping.</summary>
    internal FileStream? Stream => _stream;
    private readonly string? _path;
    private readonly long _offset;
    private readonly bool _canWrite;
    private readonly bool _resizable;
    private readonly bool _flushable;
    private readonly bool _created;
    private readonly bool _deleteOnClose;
    private readonly bool _populate;
    private readonly bool _sparse;
    private readonly bool _throughLink;
    private readonly (ulong Device, ulong Inode)? _identity;
    private readonly long _growthStep;
    private readonly object _remapLock = new();
    private readonly List<WeakReference<MappedRegion>> _replaced = [];
    private MappedRegion _region;
    private long _position;
    private int _disposed;

    private MappedFile(MappedRegion region, FileStream? stream, string? path, MapOptions options, bool created, bool throughLink = false)
    {
        _region = region;
        _stream = stream;
        _path = path;
        _offset = options.Offset;
        _canWrite = options.Access == MapAccess.ReadWrite;
        _flushable = stream is not null && _canWrite && options.Sharing == MapSharing.Shared;
        _throughLink = throughLink;
        _resizable = _flushable && !options.FixedSize && !throughLink;
        _created = created;
        _deleteOnClose = options.DeleteOnClose;
        _populate = options.Populate;
        _sparse = options.Sparse;
        _growthStep = options.GrowthStep;
        _identity = created && stream is not null ? Native.Identity(stream.SafeFileHandle.DangerousGetHandle()) : null;
    }

    /// <summary>
    /// Maps <paramref name="length"/> bytes of zeroed anonymous memory, read-write. It has no file,
    /// cannot grow or resize, and is shared only with processes that inherit it.
    /// </summary>
    /// <param name="length">The number of bytes; at least 1.</param>
    /// <returns>The open mapping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive.</exception>
    public static MappedFile CreateAnonymous(long length)
    {
        if (length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Length {length} is not positive: a mapping needs at least 1 byte.");
        }
        return new MappedFile(MappedRegion.MapAnonymous(length), null, null, new MapOptions { FixedSize = true }, created: false);
    }

    /// <summary>The full path of the mapped file; <see langword="null"/> for an anonymous mapping.</summary>
    public string? Path
    {
        get
        {
            ThrowIfDisposed();
            return _path;
        }
    }

    /// <summary>Whether this handle created the file (with <see cref="MapOptions.Create"/>) rather than opening an existing one.</summary>
    public bool Created
    {
        get
        {
            ThrowIfDisposed();
            return _created;
        }
    }

    /// <summary>
    /// The number of bytes mapped: positions 0 to <c>Length - 1</c> are readable. Growth rounds it
    /// up by the growth policy (and sizes the file to match), so it can exceed the last byte written.
    /// Growth of the file by another process is not picked up: call <see cref="Resize"/> for that.
    /// </summary>
    public long Length => Current().Length;

    /// <summary>Whether the write members and atomics may be used (<see cref="MapAccess.ReadWrite"/>).</summary>
    public bool CanWrite
    {
        get
        {
            ThrowIfDisposed();
            return _canWrite;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has run. The one member that does not throw afterwards.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Binds a layout view at <paramref name="offset"/>. The view stays valid (and keeps the memory
    /// mapped) across growth; after <see cref="Dispose"/> its members throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <typeparam name="T">The layout struct.</typeparam>
    /// <param name="offset">The position of the layout's first byte.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The layout does not fit inside the mapping.</exception>
    /// <exception cref="ArgumentException">The address at <paramref name="offset"/> is not a multiple of <c>T.Alignment</c>.</exception>
    public T Bind<T>(long offset) where T : struct, IMappedLayout<T>
    {
        lock (_remapLock) // as in Lease: a shrinking Resize sees this view or binds after it
        {
            return BindLocked<T>(offset);
        }
    }

    /// <summary>
    /// The current region, marked as viewed so that it is never retired: for a type that keeps a raw
    /// pointer into it and checks <see cref="MappedRegion.Self"/> before each access, as views do
    /// (a ring). The mapping must not be resized afterwards.
    /// </summary>
    internal MappedRegion BindRegion()
    {
        lock (_remapLock)
        {
            MappedRegion region = Current();
            region.MarkViewed();
            return region;
        }
    }

    private T BindLocked<T>(long offset) where T : struct, IMappedLayout<T>
    {
        MappedRegion region = Current();
        int size = T.Size;
        if (offset < 0 || offset > region.Length - size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"A {typeof(T).Name} ({size} bytes) at offset {offset} does not fit in the {region.Length}-byte mapping (offsets 0 to {region.Length - size}).");
        }
        int alignment = Math.Max(T.Alignment, 1);
        byte* address = region.Pointer + offset;
        if ((nuint)address % (nuint)alignment != 0)
        {
            throw new ArgumentException(
                $"Offset {offset} is not aligned for {typeof(T).Name}: its address must be a multiple of {alignment}{MisalignmentHint()}.", nameof(offset));
        }
        region.MarkViewed();
        return T.FromView(new MappedView(region, address));
    }

    /// <summary>
    /// Leases <paramref name="length"/> bytes at <paramref name="position"/> as zero-copy memory
    /// (emmap's <c>direct</c>). The lease reads and writes the mapping itself, so it sees later writes
    /// from this and other processes, and it keeps the memory mapped, even after this file is disposed
    /// or grows, until the lease is disposed. A lease hands out writable <see cref="Memory{T}"/>, so a
    /// read-only mapping (mapped <c>PROT_READ</c>, where a store would end the process) refuses to lease:
    /// read it with <see cref="ReadAt(long, Span{byte})"/> or a layout view instead.
    /// </summary>
    /// <param name="position">The first byte of the range.</param>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The lease; dispose it to release the memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only (<see cref="MapAccess.Read"/>).</exception>
    public IMemoryOwner<byte> Lease(long position, int length)
    {
        ThrowIfDisposed();
        ThrowIfReadOnly("lease writable memory from it");
        return LeaseRegion(position, length);
    }

    /// <summary>
    /// <see cref="Lease"/> without the read-only check, for runtime types that read through the
    /// lease's pointer and refuse writes themselves (<c>MappedCounters</c> and its writable count).
    /// </summary>
    internal MappedMemoryLease LeaseRegion(long position, int length)
    {
        // Under the lock a shrinking Resize checks the leases with: a lease taken at the same
        // moment is either seen by that check or taken on the shrunk mapping, never in between.
        lock (_remapLock)
        {
            MappedRegion region = Current();
            CheckRange(region, position, length);
            if (!region.TryAddLease())
            {
                ThrowDisposed();
            }
            return new MappedMemoryLease(region, region.Pointer + position, length);
        }
    }

    /// <summary>Writes dirty pages to the file and waits for the write (<c>msync</c>); a no-op for anonymous and private mappings.</summary>
    public void Flush()
    {
        MappedRegion region = Current();
        if (_flushable && _stream is not null)
        {
            region.Flush();
            GC.KeepAlive(region);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Runs <see cref="Flush"/> on the thread pool.</summary>
    /// <param name="cancellationToken">Cancels the flush before it starts.</param>
    /// <returns>A task that completes when the data is on disk.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled(cancellationToken)
            : Task.Run(Flush, cancellationToken);
    }

    /// <summary>
    /// Releases the mapping (once no lease uses it), closes the file, and deletes it if
    /// <see cref="MapOptions.DeleteOnClose"/> was set and this handle created it (and the path still
    /// names that file). Idempotent; every other member throws <see cref="ObjectDisposedException"/>
    /// afterwards. Safe to call while other threads use this handle: their calls complete or throw
    /// <see cref="ObjectDisposedException"/>, and none touches unmapped memory (see the remarks on the class).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        lock (_remapLock)
        {
            MappedRegion region = _region;
            Volatile.Write(ref _region, MappedRegion.DisposedRegion);
            SafeHandle? handle = _stream?.SafeFileHandle;
            region.Close(handle);
            foreach (WeakReference<MappedRegion> replaced in _replaced)
            {
                if (replaced.TryGetTarget(out MappedRegion? previous))
                {
                    previous.Close(handle);
                }
            }
            _replaced.Clear();
        }
        _stream?.Dispose();
        if (_deleteOnClose && _created && _path is not null)
        {
            try
            {
                if (FileOpener.IsSameFile(_path, _identity))
                {
                    File.Delete(_path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Dispose does not throw; the file stays, as if DeleteOnClose had not been set.
            }
        }
    }

    private string MisalignmentHint() =>
        _offset % 8 == 0 ? string.Empty : $" (the mapping starts at file offset {_offset}, so position 0 is not 8-byte aligned)";

    /// <summary>
    /// The current region, or <see cref="ObjectDisposedException"/> once disposed. Every member but
    /// the hot paths goes through it, so a call racing <see cref="Dispose"/> never mistakes the
    /// disposed placeholder region for an empty mapping.
    /// </summary>
    private MappedRegion Current()
    {
        MappedRegion region = Volatile.Read(ref _region);
        if (region.Closed || Volatile.Read(ref _disposed) != 0)
        {
            ThrowDisposed();
        }
        return region;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowDisposed();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(MappedFile), "The MappedFile has been disposed.");
}
