namespace Emmap;

/// <summary>
/// A reader and writer of Erlang emmap's queue file (<c>emmap_queue</c>): a persistent FIFO of
/// Erlang terms in a memory-mapped file, byte for byte the format emmap 2.1 reads and writes
/// (<c>docs/file-formats.md</c>, "Queue files"). Messages pushed from .NET are stored as Erlang
/// binaries, so an Erlang node pops them as binaries; messages an Erlang node pushed that are not
/// binaries come back as their raw external-term-format bytes (<see cref="QueueMessage"/>).
/// </summary>
/// <remarks>
/// <para><b>Shape.</b> The file is a linear log, not a ring: pushes append at Tail, pops advance
/// Head, and the space is reclaimed only when the queue is empty (a pop that drains it, or
/// <see cref="Purge"/>, resets it to offset 16). A growable queue grows the file (doubling, then by
/// <see cref="MappedQueueOptions.GrowthStep"/>) up to <see cref="MaxSize"/>, the most the format's
/// 32-bit offsets address; a fixed-size one, or one at that limit, throws
/// <see cref="MappedQueueFullException"/>.</para>
/// <para><b>Concurrency.</b> Every operation holds a lock for its whole read-modify-write of the
/// header: the instance's monitor for its threads, and (on Linux and Windows) a byte-range lock on
/// the file that every <see cref="MappedQueue"/> in every process takes, so .NET processes and
/// instances never interleave. The kernel drops the lock of a killed process, and a push killed
/// half-way is discarded by the next <see cref="Open"/> (Tail still marks the last whole record).
/// <b>An Erlang node takes no such lock</b>: emmap serialises access only through its own owning
/// Erlang process. Writing the same file from an Erlang node and a .NET process at the same time is
/// unsafe: two pushes can land on the same bytes, a pop can hand out a message twice or skip one, and
/// the header can end up corrupt (which the next operation reports as a
/// <see cref="MappedFormatException"/> rather than guessing). Take turns: for example, let the Erlang
/// node close the queue before a .NET process opens it, or let one side only read while the other is
/// stopped.</para>
/// <para><b>Durability.</b> A change is in the shared page cache when the call returns, so it
/// survives the death of any process; <see cref="Flush"/> puts it on disk against a machine crash.</para>
/// </remarks>
public sealed partial class MappedQueue : IDisposable
{
    /// <summary>The largest file a queue may have, 2^32 - 1 bytes: the format's offsets are unsigned 32-bit.</summary>
    public const long MaxSize = uint.MaxValue;

    private readonly MappedFile _file;
    private readonly QueueLock _lock;
    private readonly string _path;
    private readonly bool _fixedSize;
    private readonly bool _created;
    private readonly long _growthStep;
    private readonly object _gate = new();
    private bool _disposed;

    private MappedQueue(MappedFile file, QueueLock fileLock, MappedQueueOptions options, bool created)
    {
        _file = file;
        _lock = fileLock;
        _path = file.Path!;
        _fixedSize = options.FixedSize;
        _growthStep = options.GrowthStep;
        _created = created;
    }

    /// <summary>
    /// Opens the queue file at <paramref name="path"/>, creating an empty one of
    /// <see cref="MappedQueueOptions.InitialSize"/> bytes when there is none (a new file appears
    /// complete or not at all). An existing file is checked whole first: its header
    /// (<c>16 &lt;= Head &lt;= Tail &lt;= NextTail &lt;= Size &lt;= file length</c>) and the framing
    /// of every record from Head to Tail. Then, as emmap's <c>open</c> does, a torn push
    /// (<c>NextTail != Tail</c>) is discarded and a stale <c>Size</c> is set to the file's length.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to open it; <see langword="null"/> for the defaults (growable, 64 KiB when new).</param>
    /// <returns>The open queue.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; nothing is touched.</exception>
    /// <exception cref="MappedFormatException">
    /// The existing file is not a valid queue file: shorter than 16 bytes, longer than
    /// <see cref="MaxSize"/>, a header out of order, a Size past the end of the file, a record whose
    /// sizes are out of range or disagree. The message names the path and the values; the file is left unchanged.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened, mapped or locked.</exception>
    public static MappedQueue Open(string path, MappedQueueOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= MappedQueueOptions.Default;
        options.Validate();
        uint initialSize = (uint)options.InitialSize;
        (MappedFile file, bool created) = PublishedFile.OpenOrCreate(path, options.InitialSize, options.CreateMode, QueueHeader.Length,
            f => QueueHeader.Empty(initialSize).WriteTo(f),
            CheckLength,
            new MapOptions { RefuseSymlinks = options.RefuseSymlinks },
            growable: true);
        QueueLock? fileLock = null;
        try
        {
            fileLock = new QueueLock(file.Path!, options.RefuseSymlinks);
            var queue = new MappedQueue(file, fileLock, options, created);
            queue.Recover();
            return queue;
        }
        catch
        {
            fileLock?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the queue file.</summary>
    public string Path
    {
        get
        {
            ThrowIfDisposed();
            return _path;
        }
    }

    /// <summary>Whether this call to <see cref="Open"/> created the file.</summary>
    public bool Created
    {
        get
        {
            ThrowIfDisposed();
            return _created;
        }
    }

    /// <summary>Whether this instance never grows the file (<see cref="MappedQueueOptions.FixedSize"/>).</summary>
    public bool FixedSize
    {
        get
        {
            ThrowIfDisposed();
            return _fixedSize;
        }
    }

    /// <summary>The file's length as the queue's header records it (<c>Size</c>): the bytes available to records, header included.</summary>
    public long Size
    {
        get
        {
            QueueHeader header = Enter();
            try
            {
                return header.Size;
            }
            finally
            {
                Exit();
            }
        }
    }

    /// <summary>Writes the queue to disk and waits until it is there (<c>msync</c>, <c>fsync</c>). Not needed for other processes to see it.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            _file.Flush();
        }
    }

    /// <summary>
    /// Unmaps and closes the file (dropping its lock); the messages stay in it. Waits for an
    /// operation running on another thread to finish. Idempotent; every other member throws
    /// <see cref="ObjectDisposedException"/> afterwards.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _lock.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>The check before mapping: only what no concurrent operation changes (the file's length).</summary>
    private static void CheckLength(string path, ReadOnlySpan<byte> header, long fileLength)
    {
        if (fileLength < QueueHeader.Length)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"at least {QueueHeader.Length} bytes (a queue header)",
                "It is not an emmap queue file; it was left as it is.");
        }
        if (fileLength > MaxSize)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"at most {MaxSize} bytes, what the queue format's 32-bit offsets address",
                "It is not an emmap queue file; it was left as it is.");
        }
    }

    /// <summary>Checks the whole file under the lock, then repairs what emmap's open repairs.</summary>
    private void Recover()
    {
        lock (_gate)
        {
            _lock.Enter();
            try
            {
                long fileLength = _lock.FileLength;
                CheckLength(_path, default, fileLength);
                if (fileLength > _file.Length)
                {
                    _file.Resize(fileLength); // grown by another process since it was mapped
                }
                QueueHeader header = QueueHeader.Read(_file);
                CheckHeader(header, fileLength, "It is not an emmap queue file, or it is corrupt; it was left as it is.");
                for (long position = header.Head; position < header.Tail;)
                {
                    position += QueueRecord.ReadSize(_file, _path, position, header.Tail);
                }
                if (header.NextTail != header.Tail)
                {
                    QueueHeader.WriteField(_file, QueueHeader.NextTailOffset, header.Tail); // a torn push: discard it
                }
                if (header.Size != fileLength)
                {
                    QueueHeader.WriteField(_file, QueueHeader.SizeOffset, (uint)fileLength);
                }
            }
            finally
            {
                _lock.Exit();
            }
        }
    }

    private void CheckHeader(QueueHeader header, long fileLength, string hint)
    {
        if (!header.IsValid)
        {
            throw new MappedFormatException(_path, "the queue header", $"({header})", "16 <= Head <= Tail <= NextTail <= Size", hint);
        }
        if (header.Size > fileLength)
        {
            throw new MappedFormatException(_path, "the queue header's Size", header.Size.ToString(), $"at most the file's length, {fileLength} bytes", hint);
        }
    }

    /// <summary>
    /// Takes the monitor and the file lock, then reads and checks the header and maps as much of the
    /// file as it says. Pair with <see cref="Exit"/> in a <c>finally</c>.
    /// </summary>
    private QueueHeader Enter()
    {
        Monitor.Enter(_gate);
        try
        {
            ThrowIfDisposed();
            _lock.Enter();
        }
        catch
        {
            Monitor.Exit(_gate);
            throw;
        }
        try
        {
            QueueHeader header = QueueHeader.Read(_file);
            if (header.Size > _file.Length)
            {
                // Grown by another process: map the new part (the file must really be that long).
                long fileLength = _lock.FileLength;
                CheckHeader(header, fileLength, CorruptHint);
                _file.Resize(header.Size);
            }
            CheckHeader(header, _file.Length, CorruptHint);
            return header;
        }
        catch
        {
            Exit();
            throw;
        }
    }

    private void Exit()
    {
        _lock.Exit();
        Monitor.Exit(_gate);
    }

    private const string CorruptHint =
        "The queue file was changed by something that does not take the queue's lock (an Erlang node writing at the same time?); it was left as it is.";

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed))
        {
            throw new ObjectDisposedException(nameof(MappedQueue), "The MappedQueue has been disposed.");
        }
    }
}
