using CsCheck;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// Model-based property test for <see cref="MappedRing"/>: random sequences of writes, claims
/// committed or aborted, batch reads with random limits, and reopens (the ring and the consumer's
/// position must survive), checked step by step against a <see cref="Queue{T}"/> of messages.
/// A write may fail only when the model holds messages (an empty ring always takes a message of
/// up to <see cref="MappedRing.MaxMessageLength"/>), and a refused write changes nothing.
/// </summary>
public sealed class MappedRingModelTests
{
    private enum OpKind
    {
        Write,
        ClaimCommit,
        ClaimAbort,
        Read,
        Reopen,
    }

    private static readonly Gen<(OpKind Kind, int Value)> Op = Gen.Select(
        Gen.Frequency((6, Gen.Const(OpKind.Write)), (3, Gen.Const(OpKind.ClaimCommit)), (1, Gen.Const(OpKind.ClaimAbort)), (3, Gen.Const(OpKind.Read)), (1, Gen.Const(OpKind.Reopen))),
        Gen.Frequency((8, Gen.Int[0, 40]), (2, Gen.Int[41, 112])));

    [Fact]
    public void RandomRingSequencesAgreeWithAQueueModel()
    {
        Gen.Select(Gen.Int[8, 10], Op.Array[1, 80])
            .Sample(t => Run(1L << t.Item1, t.Item2), iter: 200);
    }

    private static void Run(long capacity, (OpKind Kind, int Value)[] ops)
    {
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        var options = new MappedRingOptions { Capacity = capacity };
        var model = new Queue<(byte[] Bytes, long Position)>();
        var ring = MappedRing.Open(path, options);
        long lastPosition = -1;
        byte seed = 0;
        try
        {
            for (int step = 0; step < ops.Length; step++)
            {
                (OpKind kind, int value) = ops[step];
                string at = $"step {step} ({kind} {value}, capacity {capacity})";
                int length = Math.Min(value, ring.MaxMessageLength);
                byte[] message = Enumerable.Range(0, length).Select(i => unchecked((byte)(seed + i * 7))).ToArray();
                seed++;
                long writeBefore = ring.WritePosition;
                switch (kind)
                {
                    case OpKind.Write:
                        if (ring.TryWrite(message))
                        {
                            model.Enqueue((message, -1));
                        }
                        else
                        {
                            Assert.True(model.Count > 0, $"{at}: an empty ring refused a message");
                            Assert.Equal(writeBefore, ring.WritePosition);
                        }
                        break;
                    case OpKind.ClaimCommit or OpKind.ClaimAbort:
                        if (ring.TryClaim(length, out RingClaim claim))
                        {
                            Assert.True(claim.Span.ToArray().All(b => b == 0), $"{at}: a claimed slot is not zeroed");
                            message.CopyTo(claim.Span);
                            if (kind == OpKind.ClaimCommit)
                            {
                                claim.Commit();
                                model.Enqueue((message, claim.Position));
                            }
                            else
                            {
                                claim.Abort();
                            }
                            Assert.Throws<InvalidOperationException>(claim.Commit);
                        }
                        else
                        {
                            Assert.True(model.Count > 0, $"{at}: an empty ring refused a claim");
                        }
                        break;
                    case OpKind.Read:
                        int limit = 1 + (value % 5);
                        int read = ring.Read((span, position) =>
                        {
                            Assert.True(model.Count > 0, $"{at}: read a message the model does not hold");
                            (byte[] expected, long claimed) = model.Dequeue();
                            Assert.Equal(expected, span.ToArray());
                            Assert.True(position > lastPosition, $"{at}: position {position} after {lastPosition}");
                            Assert.True(claimed < 0 || claimed == position, $"{at}: delivered at {position}, claimed at {claimed}");
                            lastPosition = position;
                        }, limit);
                        Assert.True(read <= limit);
                        if (read == 0)
                        {
                            // Nothing or only padding before the end of memory: a second read finds what there is.
                            read = ring.Read((span, position) => Assert.Equal(model.Dequeue().Bytes, span.ToArray()), limit);
                        }
                        Assert.True(read > 0 || model.Count == 0, $"{at}: nothing read with {model.Count} messages in the model");
                        break;
                    case OpKind.Reopen:
                        ring.Dispose();
                        ring = MappedRing.Open(path, options);
                        break;
                }
                Assert.True(ring.WritePosition - ring.ReadPosition <= capacity, at);
            }
            while (model.Count > 0)
            {
                int before = model.Count;
                _ = ring.Read((span, _) => Assert.Equal(model.Dequeue().Bytes, span.ToArray()));
                Assert.True(model.Count < before || ring.Read((span, _) => Assert.Equal(model.Dequeue().Bytes, span.ToArray())) > 0, "the rest did not come out");
            }
            Assert.Equal(0, ring.Read((_, _) => Assert.Fail("a message the model does not hold")));
            Assert.Equal(ring.WritePosition, ring.ReadPosition);
        }
        finally
        {
            ring.Dispose();
        }
    }
}
