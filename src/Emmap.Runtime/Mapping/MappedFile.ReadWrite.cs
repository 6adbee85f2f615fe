using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace Emmap;

// Absolute and sequential reads and writes (emmap's pread, pwrite, read, read_line, position).
public sealed unsafe partial class MappedFile
{
    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes at <paramref name="position"/> (emmap's <c>pread</c>).
    /// Safe to call from many threads, and against a concurrent <see cref="Dispose"/>: a read that
    /// Dispose overtakes throws <see cref="ObjectDisposedException"/>, never returns other bytes. Allocates nothing.
    /// </summary>
    /// <param name="position">The position of the first byte to read.</param>
    /// <param name="destination">Where to copy the bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping; nothing is read.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReadAt(long position, Span<byte> destination)
    {
        MappedRegion region = _region;
        if (OutOfRange(position, (uint)destination.Length, region.ReadEnd))
        {
            ReadAtSlow(position, destination);
            return;
        }
        SmallCopy.Copy(ref MemoryMarshal.GetReference(destination), ref region.Pointer[position], destination.Length);
        if (OutOfRange(position, (uint)destination.Length, Volatile.Read(ref region.ReadEnd)))
        {
            // Disposed (or shrunk) while copying: the bytes may be the zero pages that replaced
            // the file's. Retry on the current region, which reads real bytes or throws.
            ReadAtSlow(position, destination);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="position"/> into a new array (emmap's <c>pread</c>).</summary>
    /// <param name="position">The position of the first byte to read.</param>
    /// <param name="count">The number of bytes.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping.</exception>
    public byte[] ReadAt(long position, int count)
    {
        CheckRange(Current(), position, count);
        byte[] result = GC.AllocateUninitializedArray<byte>(count);
        ReadAt(position, result);
        return result;
    }

    /// <summary>
    /// Writes all of <paramref name="source"/> at <paramref name="position"/> (emmap's <c>pwrite</c>),
    /// or nothing: a write that does not fit throws and changes no byte. A write past the end of a
    /// growable mapping (file-backed, read-write, shared, not <see cref="MapOptions.FixedSize"/>)
    /// grows it first. Safe to call from many threads. Allocates nothing unless it grows. A write
    /// that a concurrent <see cref="Dispose"/> overtakes throws <see cref="ObjectDisposedException"/>
    /// and may or may not have reached the file.
    /// </summary>
    /// <param name="position">The position of the first byte to write.</param>
    /// <param name="source">The bytes to write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The position is negative, or the write crosses the end of a mapping that cannot grow.</exception>
    /// <exception cref="UnauthorizedAccessException">The mapping is read-only.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteAt(long position, ReadOnlySpan<byte> source)
    {
        MappedRegion region = _region;
        if (OutOfRange(position, (uint)source.Length, region.WriteEnd))
        {
            WriteAtSlow(position, source);
            return;
        }
        SmallCopy.Copy(ref region.Pointer[position], ref MemoryMarshal.GetReference(source), source.Length);
        if (OutOfRange(position, (uint)source.Length, Volatile.Read(ref region.WriteEnd)))
        {
            // Disposed (or shrunk) while copying: the bytes may have gone to the private pages
            // that replaced the file's. Write again on the current region, or throw.
            WriteAtSlow(position, source);
        }
    }

    /// <summary>
    /// The position the sequential members read from. It belongs to this handle and is not
    /// thread-safe. It may be set past the end; reads there return nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long Position
    {
        get
        {
            ThrowIfDisposed();
            return _position;
        }
        set
        {
            ThrowIfDisposed();
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Position {value} is negative.");
            }
            _position = value;
        }
    }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes from <see cref="Position"/> and advances it
    /// (emmap's <c>read</c>). As <see cref="ReadAt(long, Span{byte})"/>, it checks again after the
    /// copy: a read that <see cref="Dispose"/> or a shrinking <see cref="Resize"/> on another thread
    /// overtakes is done again on the current mapping (or throws <see cref="ObjectDisposedException"/>),
    /// never returning the zero pages that replaced the file's.
    /// </summary>
    /// <param name="destination">Where to copy the bytes.</param>
    /// <returns>The number of bytes read: fewer near the end, 0 at or past the end.</returns>
    public int Read(Span<byte> destination)
    {
        while (true)
        {
            MappedRegion region = Current();
            int count = (int)Math.Clamp(region.Length - _position, 0, destination.Length);
            new ReadOnlySpan<byte>(region.Pointer + _position, count).CopyTo(destination);
            bool overtaken = count > 0 && OutOfRange(_position, (uint)count, Volatile.Read(ref region.ReadEnd));
            GC.KeepAlive(region);
            if (!overtaken)
            {
                _position += count;
                return count;
            }
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes from <see cref="Position"/> into a new array and advances it.</summary>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The bytes read: fewer near the end, none at or past the end.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public byte[] Read(int count)
    {
        long length = Current().Length;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        byte[] result = new byte[(int)Math.Clamp(length - _position, 0, count)];
        int read = Read(result); // fewer when a shrinking Resize on another thread got in between
        return read == result.Length ? result : result[..read];
    }

    /// <summary>
    /// Reads from <see cref="Position"/> up to and including the next <c>'\n'</c> (or to the end)
    /// and advances past it (emmap's <c>read_line</c>). The newline is kept, so a last line without
    /// one can be told apart.
    /// </summary>
    /// <returns>The line's bytes, or <see langword="null"/> at or past the end.</returns>
    public byte[]? ReadLine()
    {
        while (true)
        {
            MappedRegion region = Current();
            long remaining = region.Length - _position;
            if (remaining <= 0)
            {
                return null;
            }
            long length = remaining;
            for (long scanned = 0; scanned < remaining; scanned += int.MaxValue)
            {
                var chunk = new ReadOnlySpan<byte>(region.Pointer + _position + scanned, (int)Math.Min(remaining - scanned, int.MaxValue));
                int newline = chunk.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    length = scanned + newline + 1;
                    break;
                }
            }
            // As Read: a scan that Dispose or a shrinking Resize overtook may have seen zero pages
            // (and so no newline) instead of the file's bytes; scan again on the current mapping.
            bool overtaken = (ulong)(_position + length) >= Volatile.Read(ref region.ReadEnd);
            GC.KeepAlive(region);
            if (!overtaken)
            {
                return Read(checked((int)length));
            }
        }
    }

    /// <summary>Moves <see cref="Position"/> as <see cref="Stream.Seek"/> does (emmap's <c>position</c>).</summary>
    /// <param name="offset">The offset from <paramref name="origin"/>.</param>
    /// <param name="origin">From the start, the current position, or the end (<see cref="Length"/> + <paramref name="offset"/>).</param>
    /// <returns>The new position.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The new position would be negative (it is left unchanged).</exception>
    public long Seek(long offset, SeekOrigin origin)
    {
        long target = SeekTarget.Resolve(offset, origin, _position, Current().Length, out string? error);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, error);
        }
        _position = target;
        return target;
    }

    /// <summary>
    /// A <see cref="Stream"/> over the mapping with a position of its own (starting at 0), for APIs
    /// that expect a stream. Writes past the end grow the mapping when it is growable. Disposing the
    /// stream leaves this file open; disposing this file ends the stream too.
    /// </summary>
    /// <returns>A new stream.</returns>
    public Stream AsStream()
    {
        ThrowIfDisposed();
        return new MappedFileStream(this);
    }

    /// <summary>Whether writes past the end grow the mapping (for the stream adapter).</summary>
    internal bool IsGrowable => _resizable;

    /// <summary>
    /// The hot paths' range check against a region's <see cref="MappedRegion.ReadEnd"/> or
    /// <see cref="MappedRegion.WriteEnd"/> (length + 1, or 0 when closed or read-only): true when
    /// <paramref name="position"/> is negative, the range passes the end, or the access is refused.
    /// Two comparisons, one branch; the first keeps a negative position from wrapping the sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool OutOfRange(long position, uint count, ulong end) =>
        (ulong)position >= end || (ulong)position + count >= end;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadAtSlow(long position, Span<byte> destination)
    {
        MappedRegion region = Current(); // the mapping may just have grown
        CheckRange(region, position, destination.Length);
        ReadAt(position, destination);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteAtSlow(long position, ReadOnlySpan<byte> source)
    {
        MappedRegion region = Current();
        ThrowIfReadOnly();
        if (position < 0 || (ulong)position + (uint)source.Length > (ulong)region.Length)
        {
            if (position < 0 || position > long.MaxValue - source.Length || !_resizable)
            {
                CheckRange(region, position, source.Length);
            }
            Grow(position, source.Length);
        }
        WriteAt(position, source);
    }

    /// <summary>Throws unless <paramref name="length"/> bytes at <paramref name="position"/> lie inside <paramref name="region"/>.</summary>
    private void CheckRange(MappedRegion region, long position, long length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Length {length} is negative.");
        }
        if (position < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Position {position} is negative.");
        }
        if (position > region.Length - length)
        {
            string why = _resizable || !_canWrite ? string.Empty : $" ({FixedReason()}, so it does not grow)";
            throw new ArgumentOutOfRangeException(nameof(position), position,
                $"Position {position} + length {length} is past the end of the {region.Length}-byte mapping{why}.");
        }
    }

    /// <summary>
    /// Refuses a write to a read-only mapping with <see cref="UnauthorizedAccessException"/> naming the
    /// path and <paramref name="what"/> was refused, before anything is touched.
    /// </summary>
    private void ThrowIfReadOnly(string what = "write to it")
    {
        if (!_canWrite)
        {
            throw new UnauthorizedAccessException(
                $"'{_path}' was opened read-only (MapAccess.Read), so this handle cannot {what}: nothing was changed. Open it with MapAccess.ReadWrite to write.");
        }
    }
}
