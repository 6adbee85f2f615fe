using System.Buffers;
using CsCheck;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>
/// Model-based property test for <see cref="MappedQueue"/>: random sequences of pushes, pops,
/// peeks, counts, purges and reopens, on growable and fixed-size queues, checked step by step
/// against a <see cref="Queue{T}"/> of byte arrays plus the offset where the next record goes (the
/// format has no wrap-around, so a fixed queue is full by that offset, not by its count). At the end
/// the bytes from Head to Tail are compared with the records built by hand for the model's messages.
/// </summary>
public sealed class MappedQueueModelTests
{
    private const int Iterations = 300;

    private static readonly Gen<(QueueOpKind Kind, int Length)> Op = Gen.Select(
        Gen.Frequency((6, Gen.Const(QueueOpKind.Push)), (2, Gen.Const(QueueOpKind.TryPush)), (8, Gen.Enum<QueueOpKind>())),
        Gen.Frequency((8, Gen.Int[0, 24]), (2, Gen.Int[25, 300])));

    [Fact]
    public void RandomQueueSequencesAgreeWithAQueueModel()
    {
        Gen.Select(Gen.Bool, Gen.Int[40, 600], Op.Array[1, 50])
            .Sample(t => Run(t.Item1, t.Item2, t.Item3), iter: Iterations);
    }

    private static void Run(bool fixedSize, int initialSize, (QueueOpKind Kind, int Length)[] ops)
    {
        using var dir = new TempDirectory();
        string path = dir.File("q.bin");
        var options = new MappedQueueOptions { InitialSize = initialSize, FixedSize = fixedSize };
        var model = new Queue<byte[]>();
        long tail = 16;
        var queue = MappedQueue.Open(path, options);
        try
        {
            for (int step = 0; step < ops.Length; step++)
            {
                string at = $"step {step} ({ops[step].Kind} {ops[step].Length}, fixed {fixedSize}, size {initialSize})";
                byte[] message = TempDirectory.PatternBytes(ops[step].Length);
                switch (ops[step].Kind)
                {
                    case QueueOpKind.Push or QueueOpKind.TryPush:
                        long sz = QueueFiles.BinaryRecord(message).Length;
                        bool neverFits = fixedSize && sz > initialSize - 16;
                        bool full = fixedSize && tail + sz > initialSize;
                        Exception? ex = Record.Exception(() =>
                        {
                            if (ops[step].Kind == QueueOpKind.Push)
                            {
                                queue.Push(message);
                            }
                            else
                            {
                                Assert.Equal(!full, queue.TryPush(message));
                            }
                        });
                        if (neverFits)
                        {
                            Assert.True(ex is ArgumentOutOfRangeException, $"{at}: expected ArgumentOutOfRangeException, got {ex}");
                        }
                        else if (full && ops[step].Kind == QueueOpKind.Push)
                        {
                            Assert.True(ex is MappedQueueFullException, $"{at}: expected MappedQueueFullException, got {ex}");
                        }
                        else
                        {
                            Assert.True(ex is null, $"{at}: threw {ex}");
                            if (!full)
                            {
                                model.Enqueue(message);
                                tail += sz;
                            }
                        }
                        break;
                    case QueueOpKind.Pop or QueueOpKind.TryPop or QueueOpKind.TryPopToWriter:
                        byte[]? popped = Pop(queue, ops[step].Kind, at);
                        Assert.True((popped is null) == (model.Count == 0), $"{at}: popped {(popped is null ? "nothing" : "a message")}, model holds {model.Count}");
                        if (popped is not null)
                        {
                            Assert.True(model.Dequeue().AsSpan().SequenceEqual(popped), $"{at}: popped the wrong message");
                            if (model.Count == 0)
                            {
                                tail = 16;
                            }
                        }
                        break;
                    case QueueOpKind.PeekFront:
                        Assert.Equal(model.Count > 0, queue.TryPeekFront(out QueueMessage front));
                        Assert.True(model.Count == 0 || front.Payload.Span.SequenceEqual(model.Peek()), $"{at}: wrong front");
                        break;
                    case QueueOpKind.PeekBack:
                        Assert.Equal(model.Count > 0, queue.TryPeekBack(out QueueMessage back));
                        Assert.True(model.Count == 0 || back.Payload.Span.SequenceEqual(model.Last()), $"{at}: wrong back");
                        break;
                    case QueueOpKind.Count:
                        Assert.Equal(model.Count, queue.Count);
                        break;
                    case QueueOpKind.IsEmpty:
                        Assert.Equal(model.Count == 0, queue.IsEmpty);
                        break;
                    case QueueOpKind.Purge:
                        queue.Purge();
                        model.Clear();
                        tail = 16;
                        break;
                    default:
                        queue.Dispose();
                        queue = MappedQueue.Open(path, options);
                        Assert.False(queue.Created, $"{at}: recreated the file");
                        break;
                }
            }
        }
        finally
        {
            queue.Dispose();
        }
        byte[] file = File.ReadAllBytes(path);
        (uint size, uint head, uint fileTail, uint nextTail) = QueueFiles.Header(file);
        byte[] records = model.SelectMany(QueueFiles.BinaryRecord).ToArray();
        Assert.Equal(tail, fileTail);
        Assert.Equal(fileTail, nextTail);
        Assert.Equal(tail - records.Length, head);
        Assert.Equal(file.Length, (int)size);
        Assert.True(!fixedSize || size == initialSize, $"a fixed queue grew to {size}");
        Assert.Equal(records, file[(int)head..(int)fileTail]);
    }

    private static byte[]? Pop(MappedQueue queue, QueueOpKind kind, string at)
    {
        switch (kind)
        {
            case QueueOpKind.Pop:
                if (queue.IsEmpty)
                {
                    Assert.Throws<InvalidOperationException>(() => queue.Pop());
                    return null;
                }
                QueueMessage message = queue.Pop();
                Assert.True(message.IsBinary, $"{at}: a pushed binary came back as {message.Kind}");
                return message.Payload.ToArray();
            case QueueOpKind.TryPop:
                return queue.TryPop(out QueueMessage m) ? m.Payload.ToArray() : null;
            default:
                var writer = new ArrayBufferWriter<byte>();
                if (!queue.TryPop(writer, out QueueMessageKind k))
                {
                    return null;
                }
                Assert.Equal(QueueMessageKind.Binary, k);
                return writer.WrittenSpan.ToArray();
        }
    }
}
