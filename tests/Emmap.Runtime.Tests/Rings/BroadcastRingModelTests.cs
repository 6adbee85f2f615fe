using CsCheck;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// Model-based property test for a broadcast <see cref="MappedRing"/>: random sequences of writes,
/// claims committed or aborted, batch reads by three named readers with random limits, reader
/// reopens and removals, and ring reopens, each reader checked step by step against its own
/// <see cref="Queue{T}"/> of messages. A new reader's queue starts with what the slowest registered
/// reader has not read. The ring's head is always the slowest registered reader's position, and a
/// write is refused only when that reader leaves no room for it.
/// </summary>
public sealed class BroadcastRingModelTests
{
    private const int Readers = 3;

    private enum OpKind
    {
        Write,
        ClaimCommit,
        ClaimAbort,
        Read,
        ReopenReader,
        RemoveReader,
        ReopenRing,
    }

    private static readonly Gen<(OpKind Kind, int Value)> Op = Gen.Select(
        Gen.Frequency(
            (6, Gen.Const(OpKind.Write)), (3, Gen.Const(OpKind.ClaimCommit)), (1, Gen.Const(OpKind.ClaimAbort)), (6, Gen.Const(OpKind.Read)),
            (1, Gen.Const(OpKind.ReopenReader)), (1, Gen.Const(OpKind.RemoveReader)), (1, Gen.Const(OpKind.ReopenRing))),
        Gen.Frequency((8, Gen.Int[0, 40]), (2, Gen.Int[41, 112])));

    [Fact]
    public void RandomBroadcastSequencesAgreeWithAQueueModelPerReader()
    {
        Gen.Select(Gen.Int[8, 10], Op.Array[1, 80])
            .Sample(t => Run(1L << t.Item1, t.Item2), iter: 200);
    }

    private sealed class ReaderModel
    {
        public RingReader? Open;
        public Queue<(byte[] Bytes, long Position)>? Queue; // null: not registered
        public long LastPosition = -1;
    }

    private static void Run(long capacity, (OpKind Kind, int Value)[] ops)
    {
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        var options = new MappedRingOptions { Capacity = capacity, MaxReaders = Readers };
        var ring = MappedRing.Open(path, options);
        var readers = Enumerable.Range(0, Readers).Select(_ => new ReaderModel()).ToArray();
        var retained = new List<(byte[] Bytes, long Position)>(); // what a new reader would get: the head onwards
        byte seed = 0;

        void Register(int r)
        {
            ReaderModel model = readers[r];
            model.Queue ??= new Queue<(byte[], long)>(retained);
            model.Open = ring.OpenReader("r" + r);
        }

        void Retain()
        {
            // The head follows the slowest registered reader; with none registered it stays.
            int slowest = readers.Where(m => m.Queue is not null).Select(m => m.Queue!.Count).DefaultIfEmpty(-1).Max();
            if (slowest >= 0)
            {
                retained.RemoveRange(0, retained.Count - slowest);
            }
        }

        Register(0);
        try
        {
            for (int step = 0; step < ops.Length; step++)
            {
                (OpKind kind, int value) = ops[step];
                string at = $"step {step} ({kind} {value}, capacity {capacity})";
                int length = Math.Min(value, ring.MaxMessageLength);
                byte[] message = Enumerable.Range(0, length).Select(i => unchecked((byte)(seed + i * 7))).ToArray();
                seed++;
                ReaderModel target = readers[value % Readers];
                switch (kind)
                {
                    case OpKind.Write or OpKind.ClaimCommit or OpKind.ClaimAbort:
                        long head = ring.ReadPosition, tail = ring.WritePosition;
                        bool taken;
                        long position = -1;
                        if (kind == OpKind.Write)
                        {
                            taken = ring.TryWrite(message);
                        }
                        else
                        {
                            taken = ring.TryClaim(length, out RingClaim claim);
                            if (taken)
                            {
                                Assert.True(claim.Span.ToArray().All(b => b == 0), $"{at}: a claimed slot is not zeroed");
                                message.CopyTo(claim.Span);
                                position = claim.Position;
                                if (kind == OpKind.ClaimCommit)
                                {
                                    claim.Commit();
                                }
                                else
                                {
                                    claim.Abort();
                                }
                            }
                        }
                        if (!taken)
                        {
                            // Refused only when the slowest reader leaves no room: less than the record,
                            // or, when it must wrap, less than the rest of the memory and the record.
                            int record = (16 + length + 7) & ~7;
                            Assert.True(capacity - (tail - head) < 2 * record, $"{at}: refused with {capacity - (tail - head)} bytes free for a {record}-byte record");
                            Assert.Equal(tail, ring.WritePosition);
                        }
                        else if (kind != OpKind.ClaimAbort)
                        {
                            retained.Add((message, position));
                            foreach (ReaderModel m in readers)
                            {
                                m.Queue?.Enqueue((message, position));
                            }
                        }
                        break;
                    case OpKind.Read:
                        if (target.Open is null)
                        {
                            Register(value % Readers);
                        }
                        int limit = 1 + (value % 5);
                        RingReader reader = target.Open!;
                        Queue<(byte[] Bytes, long Position)> queue = target.Queue!;
                        RingMessageHandler handler = (span, position) =>
                        {
                            Assert.True(queue.Count > 0, $"{at}: {reader.Name} read a message the model does not hold");
                            (byte[] expected, long claimed) = queue.Dequeue();
                            Assert.Equal(expected, span.ToArray());
                            Assert.True(position > target.LastPosition, $"{at}: position {position} after {target.LastPosition}");
                            Assert.True(claimed < 0 || claimed == position, $"{at}: delivered at {position}, claimed at {claimed}");
                            target.LastPosition = position;
                        };
                        int read = reader.Read(handler, limit);
                        Assert.True(read <= limit);
                        if (read == 0)
                        {
                            read = reader.Read(handler, limit); // only padding before the end of the memory
                        }
                        Assert.True(read > 0 || queue.Count == 0, $"{at}: {reader.Name} read nothing with {queue.Count} messages in its model");
                        break;
                    case OpKind.ReopenReader:
                        target.Open?.Dispose();
                        target.Open = null;
                        Register(value % Readers);
                        break;
                    case OpKind.RemoveReader:
                        target.Open?.Dispose();
                        target.Open = null;
                        Assert.Equal(target.Queue is not null, ring.RemoveReader("r" + (value % Readers)));
                        target.Queue = null;
                        target.LastPosition = -1; // registered afresh, it starts again at the head
                        break;
                    case OpKind.ReopenRing:
                        ring.Dispose();
                        Assert.All(readers, m => Assert.True(m.Open is null || m.Open.IsDisposed));
                        ring = MappedRing.Open(path, options);
                        for (int r = 0; r < Readers; r++)
                        {
                            readers[r].Open = null;
                            if (readers[r].Queue is not null)
                            {
                                Register(r);
                            }
                        }
                        break;
                }
                Retain();
                var registered = readers.Select((m, r) => (m, r)).Where(x => x.m.Queue is not null).ToList();
                Assert.Equal(registered.Select(x => "r" + x.r), ring.Readers.Select(x => x.Name).Order());
                if (registered.Count > 0)
                {
                    Assert.Equal(ring.Readers.Min(x => x.Position), ring.ReadPosition);
                }
                Assert.True(ring.WritePosition - ring.ReadPosition <= capacity, at);
            }

            // Every registered reader drains what its model holds, and nothing more.
            for (int r = 0; r < Readers; r++)
            {
                if (readers[r].Queue is not { } queue)
                {
                    continue;
                }
                if (readers[r].Open is null)
                {
                    Register(r);
                }
                RingReader reader = readers[r].Open!;
                while (queue.Count > 0)
                {
                    int before = queue.Count;
                    RingMessageHandler drain = (span, _) => Assert.Equal(queue.Dequeue().Bytes, span.ToArray());
                    _ = reader.Read(drain);
                    Assert.True(queue.Count < before || reader.Read(drain) > 0, $"{reader.Name}: the rest did not come out");
                }
                Assert.Equal(0, reader.Read((_, _) => Assert.Fail("a message the model does not hold")));
            }
            if (readers.Any(m => m.Queue is not null))
            {
                Assert.Equal(ring.WritePosition, ring.ReadPosition);
            }
        }
        finally
        {
            ring.Dispose();
        }
    }
}
