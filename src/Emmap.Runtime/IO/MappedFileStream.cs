namespace Emmap;

/// <summary>
/// The <see cref="Stream"/> of <see cref="MappedFile.AsStream"/>: reads and writes the mapping at a
/// position of its own. Its length is the mapping's; writing past the end grows a growable mapping
/// and otherwise throws <see cref="NotSupportedException"/>, as a fixed-capacity stream does.
/// Disposing it leaves the file open. Not thread-safe (its position is shared state).
/// </summary>
internal sealed class MappedFileStream : Stream
{
    private readonly MappedFile _file;
    private long _position;
    private bool _disposed;

    internal MappedFileStream(MappedFile file) => _file = file;

    private bool IsOpen => !_disposed && !_file.IsDisposed;

    public override bool CanRead => IsOpen;

    public override bool CanSeek => IsOpen;

    public override bool CanWrite => IsOpen && _file.CanWrite;

    public override long Length => File.Length;

    public override long Position
    {
        get
        {
            _ = File;
            return _position;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _ = File;
            _position = value;
        }
    }

    /// <summary>The file, after checking that neither it nor this stream is disposed.</summary>
    private MappedFile File
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ObjectDisposedException.ThrowIf(_file.IsDisposed, _file);
            return _file;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        MappedFile file = File;
        int count = (int)Math.Clamp(file.Length - _position, 0, buffer.Length);
        if (count == 0)
        {
            return 0; // at or past the end
        }
        file.ReadAt(_position, buffer[..count]);
        _position += count;
        return count;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        MappedFile file = File;
        ThrowIfReadOnly(file);
        if (!file.IsGrowable && _position > file.Length - buffer.Length)
        {
            throw new NotSupportedException(
                $"Writing {buffer.Length} bytes at position {_position} would pass the end of the {file.Length}-byte mapping, which cannot grow.");
        }
        file.WriteAt(_position, buffer);
        _position += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = SeekTarget.Resolve(offset, origin, _position, File.Length, out string? error);
        if (error is not null)
        {
            throw new IOException(error);
        }
        _position = target;
        return target;
    }

    public override void SetLength(long value)
    {
        MappedFile file = File;
        ThrowIfReadOnly(file);
        if (!file.IsGrowable)
        {
            throw new NotSupportedException("The stream's length is fixed: its MappedFile cannot be resized.");
        }
        file.Resize(value);
    }

    public override void Flush() => File.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => File.FlushAsync(cancellationToken);

    /// <summary>
    /// A read-only file's stream refuses writes as every read-only <see cref="Stream"/> does
    /// (<see cref="CanWrite"/> false, <see cref="NotSupportedException"/>), naming the path, before anything changes.
    /// </summary>
    private static void ThrowIfReadOnly(MappedFile file)
    {
        if (!file.CanWrite)
        {
            throw new NotSupportedException(
                $"The stream is read-only: '{file.Path}' was opened read-only (MapAccess.Read), so nothing was written (CanWrite is false).");
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
