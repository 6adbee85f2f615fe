using System.Buffers;
using System.Buffers.Binary;

namespace Emmap;

// Push, pop, peek, count, purge: each one whole operation under the queue's lock.
public sealed partial class MappedQueue
{
    /// <summary>
    /// Appends <paramref name="binary"/> as an Erlang binary (the term <c>131, 109, Len:u32 BE,
    /// bytes</c>), framed as emmap frames it, growing the file when needed. Allocates nothing unless
    /// the file grows.
    /// </summary>
    /// <param name="binary">The message's bytes (may be empty).</param>
    /// <exception cref="ArgumentOutOfRangeException">The message could never fit: its record is larger than the queue's fixed size (or <see cref="MaxSize"/>) minus the header. Nothing is written.</exception>
    /// <exception cref="MappedQueueFullException">It does not fit now: the queue has a fixed size, or growing would pass <see cref="MaxSize"/>. Nothing is written.</exception>
    /// <exception cref="MappedFormatException">The file's header or records are corrupt (see the remarks on Erlang writers). Nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public void Push(ReadOnlySpan<byte> binary) => _ = PushBinary(binary, throwWhenFull: true);

    /// <summary>As <see cref="Push"/>, but returns <see langword="false"/> instead of throwing <see cref="MappedQueueFullException"/> when the message does not fit now.</summary>
    /// <param name="binary">The message's bytes (may be empty).</param>
    /// <returns>Whether the message was pushed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The message could never fit (see <see cref="Push"/>).</exception>
    /// <exception cref="MappedFormatException">The file is corrupt. Nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool TryPush(ReadOnlySpan<byte> binary) => PushBinary(binary, throwWhenFull: false);

    /// <summary>
    /// Appends a term already in external term format (for example the <see cref="QueueMessage.RawTerm"/>
    /// of a message popped from another queue), as is. The bytes must start with the version tag 131;
    /// they are not otherwise checked, so an Erlang reader decodes whatever they encode.
    /// </summary>
    /// <param name="term">The encoded term: 131, then a tag and its data.</param>
    /// <exception cref="ArgumentException"><paramref name="term"/> is shorter than 2 bytes or does not start with 131.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The message could never fit (see <see cref="Push"/>).</exception>
    /// <exception cref="MappedQueueFullException">It does not fit now (see <see cref="Push"/>).</exception>
    /// <exception cref="MappedFormatException">The file is corrupt. Nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public void PushTerm(ReadOnlySpan<byte> term)
    {
        if (term.Length < 2 || term[0] != QueueRecord.VersionTag)
        {
            string found = term.IsEmpty ? "empty" : $"{term.Length} bytes starting with {term[0]}";
            throw new ArgumentException($"The term is {found}; an Erlang term in external term format is at least 2 bytes and starts with {QueueRecord.VersionTag}.", nameof(term));
        }
        _ = PushRecord(default, term, term.Length, throwWhenFull: true, nameof(term));
    }

    /// <summary>Removes and returns the oldest message. A pop that empties the queue resets it to offset 16 (emmap's <c>pop_and_purge</c>).</summary>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidOperationException">The queue is empty.</exception>
    /// <exception cref="MappedFormatException">The record at Head is corrupt; nothing is changed.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public QueueMessage Pop() =>
        TryPop(out QueueMessage message) ? message : throw new InvalidOperationException($"The queue '{_path}' is empty.");

    /// <summary>Removes and returns the oldest message, if there is one (as <see cref="Pop"/>).</summary>
    /// <param name="message">The message; <c>default</c> when the queue is empty.</param>
    /// <returns>Whether there was a message.</returns>
    /// <exception cref="MappedFormatException">The record at Head is corrupt; nothing is changed.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool TryPop(out QueueMessage message) => TryRead(front: true, remove: true, out message);

    /// <summary>
    /// Removes the oldest message, if there is one, writing its bytes to <paramref name="destination"/>:
    /// a binary's bytes, or another term's raw bytes (see <see cref="QueueMessage.Payload"/>).
    /// Allocates nothing of its own.
    /// </summary>
    /// <param name="destination">Where the message's bytes go.</param>
    /// <param name="kind">Whether they are a binary's bytes or another term's encoding.</param>
    /// <returns>Whether there was a message.</returns>
    /// <exception cref="MappedFormatException">The record at Head is corrupt; nothing is changed.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool TryPop(IBufferWriter<byte> destination, out QueueMessageKind kind)
    {
        ArgumentNullException.ThrowIfNull(destination);
        QueueHeader header = Enter();
        try
        {
            kind = QueueMessageKind.OtherTerm;
            if (header.IsEmpty)
            {
                return false;
            }
            uint size = QueueRecord.ReadSize(_file, _path, header.Head, header.Tail);
            long payload = size - QueueRecord.FramingLength;
            Span<byte> prefix = stackalloc byte[QueueRecord.BinaryPrefixLength];
            int prefixLength = (int)Math.Min(prefix.Length, payload);
            _file.ReadAt(header.Head + 4, prefix[..prefixLength]);
            long binary = QueueRecord.BinaryLength(prefix[..prefixLength], payload);
            (long from, long count) = binary >= 0
                ? (header.Head + 4 + QueueRecord.BinaryPrefixLength, binary)
                : (header.Head + 4, payload);
            int length = CheckArrayLength(count, header.Head);
            Span<byte> target = destination.GetSpan(length)[..length];
            _file.ReadAt(from, target);
            destination.Advance(length);
            kind = binary >= 0 ? QueueMessageKind.Binary : QueueMessageKind.OtherTerm;
            Advance(header, header.Head + size);
            return true;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Returns the oldest message without removing it (emmap's <c>peek_front</c>).</summary>
    /// <param name="message">The message; <c>default</c> when the queue is empty.</param>
    /// <returns>Whether there was a message.</returns>
    /// <exception cref="MappedFormatException">The record at Head is corrupt.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool TryPeekFront(out QueueMessage message) => TryRead(front: true, remove: false, out message);

    /// <summary>Returns the newest message without removing it (emmap's <c>peek_back</c>), found from Tail through the record's trailing size.</summary>
    /// <param name="message">The message; <c>default</c> when the queue is empty.</param>
    /// <returns>Whether there was a message.</returns>
    /// <exception cref="MappedFormatException">The record before Tail is corrupt.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool TryPeekBack(out QueueMessage message) => TryRead(front: false, remove: false, out message);

    /// <summary>Whether the queue holds no message (<c>Head == Tail</c>).</summary>
    /// <exception cref="MappedFormatException">The header is corrupt.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public bool IsEmpty
    {
        get
        {
            QueueHeader header = Enter();
            try
            {
                return header.IsEmpty;
            }
            finally
            {
                Exit();
            }
        }
    }

    /// <summary>
    /// The number of messages (emmap's <c>length</c>). The format stores no count, so this walks
    /// every record from Head to Tail, checking each one's framing: its cost grows with the queue.
    /// </summary>
    /// <exception cref="MappedFormatException">A record is corrupt.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public long Count
    {
        get
        {
            QueueHeader header = Enter();
            try
            {
                long count = 0;
                for (long position = header.Head; position < header.Tail; count++)
                {
                    position += QueueRecord.ReadSize(_file, _path, position, header.Tail);
                }
                return count;
            }
            finally
            {
                Exit();
            }
        }
    }

    /// <summary>Removes every message and resets the queue to offset 16 (emmap's <c>purge</c>). The file keeps its length.</summary>
    /// <exception cref="MappedFormatException">The header is corrupt; nothing is changed.</exception>
    /// <exception cref="ObjectDisposedException">The queue has been disposed.</exception>
    public void Purge()
    {
        _ = Enter();
        try
        {
            QueueHeader.Reset(_file);
        }
        finally
        {
            Exit();
        }
    }

    private bool PushBinary(ReadOnlySpan<byte> binary, bool throwWhenFull)
    {
        Span<byte> prefix = stackalloc byte[QueueRecord.BinaryPrefixLength];
        prefix[0] = QueueRecord.VersionTag;
        prefix[1] = QueueRecord.BinaryTag;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[2..], (uint)binary.Length);
        return PushRecord(prefix, binary, binary.Length, throwWhenFull, nameof(binary));
    }

    /// <summary>emmap's push: grow if needed, reserve (NextTail), write the record at Tail, commit (Tail).</summary>
    private bool PushRecord(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, int messageLength, bool throwWhenFull, string paramName)
    {
        long size = QueueRecord.SizeFor(prefix.Length + (long)body.Length);
        QueueHeader header = Enter();
        try
        {
            long limit = _fixedSize ? header.Size : MaxSize;
            if (size > limit - QueueHeader.Length)
            {
                string what = _fixedSize ? $"the queue's fixed size, {header.Size} bytes," : $"{MaxSize} bytes, the most the format's 32-bit offsets address,";
                throw new ArgumentOutOfRangeException(paramName, messageLength,
                    $"A message of {messageLength} bytes makes a {size}-byte record, which can never fit in '{_path}': {what} leaves {limit - QueueHeader.Length} bytes after the header.");
            }
            long start = header.Tail;
            long end = start + size;
            if (end > limit)
            {
                if (!throwWhenFull)
                {
                    return false;
                }
                throw new MappedQueueFullException(_fixedSize
                    ? $"The queue '{_path}' is full: a {size}-byte record at Tail {start} would end at {end}, past its fixed size of {header.Size} bytes. Pop until it is empty to make room."
                    : $"The queue '{_path}' is full: a {size}-byte record at Tail {start} would need a file of {end} bytes, past {MaxSize} bytes, the most the format's 32-bit offsets address. Pop until it is empty to make room.");
            }
            if (end > header.Size)
            {
                Grow(header.Size, end);
            }
            QueueHeader.WriteField(_file, QueueHeader.NextTailOffset, (uint)end);
            QueueRecord.Write(_file, start, (uint)size, prefix, body);
            QueueHeader.WriteField(_file, QueueHeader.TailOffset, (uint)end);
            return true;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Grows the file to hold <paramref name="required"/> bytes (emmap's resize), then records the new Size.</summary>
    private void Grow(long current, long required)
    {
        long next = Math.Min(GrowthPolicy.NextLength(current, required, _growthStep), MaxSize);
        if (next > _file.Length)
        {
            _file.Resize(next);
        }
        QueueHeader.WriteField(_file, QueueHeader.SizeOffset, (uint)next);
    }

    private bool TryRead(bool front, bool remove, out QueueMessage message)
    {
        QueueHeader header = Enter();
        try
        {
            if (header.IsEmpty)
            {
                message = default;
                return false;
            }
            long position = front ? header.Head : QueueRecord.FindLast(_file, _path, header.Head, header.Tail);
            uint size = QueueRecord.ReadSize(_file, _path, position, header.Tail);
            byte[] term = GC.AllocateUninitializedArray<byte>(CheckArrayLength(size - QueueRecord.FramingLength, position));
            _file.ReadAt(position + 4, term);
            message = new QueueMessage(term);
            if (remove)
            {
                Advance(header, position + size);
            }
            return true;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Moves Head past a popped record; when that drains the queue, resets it to offset 16.</summary>
    private void Advance(QueueHeader header, long next)
    {
        if (next == header.Tail && header.Tail == header.NextTail)
        {
            QueueHeader.Reset(_file);
        }
        else
        {
            QueueHeader.WriteField(_file, QueueHeader.HeadOffset, (uint)next);
        }
    }

    private int CheckArrayLength(long length, long position) =>
        length <= Array.MaxLength
            ? (int)length
            : throw new NotSupportedException($"The record at offset {position} of '{_path}' holds {length} bytes, more than a .NET array can hold ({Array.MaxLength}).");
}
