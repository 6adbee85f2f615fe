using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>What one process sees of a <see cref="MappedRing"/>: order, wrap, abort, redelivery, typed records, waits (dead producers: <see cref="RingDeadProducerTests"/>).</summary>
public sealed class MappedRingTests
{
    private static readonly MappedRingOptions Small = new() { Capacity = 1024 };

    [Fact]
    public void MessagesComeOutInOrderAcrossManyWrapsWithTheirClaimPositions()
    {
        using var dir = new TempDirectory();
        using var ring = MappedRing.Open(dir.File(), Small);
        Assert.True(ring.Created);
        var positions = new Queue<long>();
        long next = 0;
        long expected = 0;
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < 1 + (round % 7); i++)
            {
                Assert.True(ring.TryClaim(8 + (int)(next % 40), out RingClaim claim));
                BinaryPrimitives.WriteInt64LittleEndian(claim.Span, next++);
                claim.Commit();
                positions.Enqueue(claim.Position);
            }
            _ = ring.Read((span, position) =>
            {
                Assert.Equal(expected++, BinaryPrimitives.ReadInt64LittleEndian(span));
                Assert.Equal(positions.Dequeue(), position);
            });
        }
        Assert.Equal(next, expected);
        Assert.Equal(ring.WritePosition, ring.ReadPosition);
        Assert.True(ring.WritePosition > 20 * ring.Capacity, "the test did not wrap many times");
    }

    [Fact]
    public void AFullRingRefusesAndTakesAgainOnceRead()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 256 });
        byte[] message = new byte[16]; // 32-byte records
        int written = 0;
        while (ring.TryWrite(message))
        {
            written++;
        }
        Assert.Equal(8, written);
        Assert.False(ring.TryWrite(message, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(1, ring.Read((_, _) => { }, limit: 1));
        Assert.True(ring.TryWrite(message));
    }

    [Fact]
    public async Task AWriterWaitingForRoomIsWokenByTheConsumer()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 256 });
        while (ring.TryWrite(new byte[16]))
        {
        }
        Task<bool> writer = Task.Run(() => ring.TryWrite(new byte[16], TimeSpan.FromSeconds(30)));
        Thread.Sleep(50);
        Assert.False(writer.IsCompleted);
        _ = ring.Read((_, _) => { });
        Assert.True(await writer.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void AbortedClaimsAreSkipped()
    {
        using var ring = MappedRing.CreateAnonymous(Small);
        Assert.True(ring.TryWrite([1]));
        Assert.True(ring.TryClaim(3, out RingClaim aborted));
        aborted.Span.Fill(9);
        aborted.Abort();
        Assert.Throws<InvalidOperationException>(aborted.Abort);
        Assert.True(ring.TryWrite([2]));
        var seen = new List<byte>();
        Assert.Equal(2, ring.Read((span, _) => seen.Add(span[0])));
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void AHandlerThatThrowsGetsItsMessageAgainAndNothingBeforeIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var ring = MappedRing.Open(path, Small))
        {
            for (byte b = 0; b < 5; b++)
            {
                Assert.True(ring.TryWrite([b]));
            }
            var seen = new List<byte>();
            Assert.Throws<TimeoutException>(() => ring.Read((span, _) =>
            {
                if (span[0] == 2)
                {
                    throw new TimeoutException();
                }
                seen.Add(span[0]);
            }));
            Assert.Equal([0, 1], seen);
        }
        using (var reopened = MappedRing.Open(path, Small))
        {
            var seen = new List<byte>();
            Assert.Equal(3, reopened.Read((span, _) => seen.Add(span[0])));
            Assert.Equal([2, 3, 4], seen);
        }
    }

    [Fact]
    public void TypedRecordsAreWrittenAndReadInPlace()
    {
        using var dir = new TempDirectory();
        using var ring = MappedRing<RingEvent>.Open(dir.File(), Small);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(ring.TryClaim(out RingClaim<RingEvent> claim));
            RingEvent e = claim.Record;
            Assert.Equal(0, e.Sequence);
            e.Producer = 7;
            e.Sequence = i;
            e.Value = i * 3;
            claim.Commit();
            int read = ring.Read((record, _) =>
            {
                Assert.Equal(7, record.Producer);
                Assert.Equal(i, record.Sequence);
                Assert.Equal(i * 3, record.Value);
            });
            Assert.Equal(1, read);
        }
    }

    [Fact]
    public async Task AWaitingConsumerIsWokenByACommit()
    {
        using var ring = MappedRing.CreateAnonymous(Small);
        Assert.False(ring.WaitForMessages(TimeSpan.Zero));
        Task<bool> waiter = Task.Run(() => ring.WaitForMessages(TimeSpan.FromSeconds(30)));
        Thread.Sleep(50);
        Assert.False(waiter.IsCompleted);
        Assert.True(ring.TryWrite([42]));
        Assert.True(await waiter.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, ring.Read((span, _) => Assert.Equal(42, span[0])));
    }

    [Fact]
    public async Task AnAsynchronousWaitIsCompletedByACommitAndAtOnceWhenSomethingIsThere()
    {
        using var ring = MappedRing<RingEvent>.CreateAnonymous(new MappedRingOptions { Capacity = 1024 });
        Assert.False(await ring.WaitForMessagesAsync(TimeSpan.Zero));
        Assert.False(await ring.WaitForMessagesAsync(TimeSpan.FromMilliseconds(30)));
        ValueTask<bool> waiting = ring.WaitForMessagesAsync(TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);
        Assert.True(ring.TryClaim(out RingClaim<RingEvent> claim));
        RingEvent record = claim.Record;
        record.Value = 9;
        claim.Commit();
        Assert.True(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(ring.WaitForMessagesAsync(TimeSpan.FromSeconds(30)).IsCompletedSuccessfully);
        Assert.Equal(1, ring.Read((record, _) => Assert.Equal(9, record.Value)));
    }

    [Fact]
    public async Task AWaitIsEndedByDispose()
    {
        var ring = MappedRing.CreateAnonymous(Small);
        Task<bool> waiter = Task.Run(() => ring.WaitForMessages(TimeSpan.FromSeconds(30)));
        Thread.Sleep(50);
        ring.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Throws<ObjectDisposedException>(() => ring.TryWrite([1]));
    }

    [Fact]
    public void AReleaseCutShortIsFinishedByTheNextConsumer()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var ring = MappedRing.Open(path, Small))
        {
            for (byte b = 0; b < 4; b++)
            {
                Assert.True(ring.TryWrite([b]));
            }
        }
        // A consumer killed after zeroing the first two 24-byte records but before persisting the head.
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileInt64(RingHeader.ReleasingOffset, 48);
            raw.WriteAt(RingHeader.Length, new byte[48]);
        }
        using var reopened = MappedRing.Open(path, Small);
        var seen = new List<byte>();
        Assert.Equal(2, reopened.Read((span, _) => seen.Add(span[0])));
        Assert.Equal([2, 3], seen);
    }

    [LinuxFact]
    public void ASecondConsumerIsRefused()
    {
        using var dir = new TempDirectory();
        using var first = MappedRing.Open(dir.File(), Small);
        using var second = MappedRing.Open(dir.File(), Small);
        _ = first.Read((_, _) => { });
        Assert.True(second.TryWrite([1]), "a producer needs no lock");
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => second.Read((_, _) => { }));
        Assert.Contains("already has a consumer", e.Message);
        first.Dispose();
        Assert.Equal(1, second.Read((_, _) => { }));
    }

    /// <summary>
    /// A child that another thread forks holds a copy of every descriptor until it execs, and an OFD
    /// lock lives as long as any copy: a consumer that is disposed in that window must still let the
    /// next consumer in. A <c>dup</c> of each descriptor open on the ring's path (the consumer lock's among them) stands in for the child.
    /// </summary>
    [LinuxFact]
    public void ADisposedConsumerLetsTheNextOneInWhileACopyOfItsDescriptorLives()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        var copies = new List<int>();
        try
        {
            using (var first = MappedRing.Open(path, Small))
            {
                Assert.Equal(0, first.Read((_, _) => { }));
                Assert.True(first.TryWrite([7]));
                foreach (string fd in Directory.GetFiles("/proc/self/fd"))
                {
                    string? target = new FileInfo(fd).LinkTarget;
                    if (target == path)
                    {
                        int copy = Dup(int.Parse(Path.GetFileName(fd), System.Globalization.CultureInfo.InvariantCulture));
                        Assert.True(copy >= 0, $"dup({fd}) failed");
                        copies.Add(copy);
                    }
                }
                Assert.True(copies.Count >= 1, "the consumer lock's descriptor was not found in /proc/self/fd");
            }
            using var second = MappedRing.Open(path, Small);
            var seen = new List<byte>();
            Assert.Equal(1, second.Read((span, _) => seen.Add(span[0])));
            Assert.Equal([7], seen);
        }
        finally
        {
            foreach (int copy in copies)
            {
                _ = Close(copy);
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [Fact]
    public void ThreadsClaimingCommittingAndAbortingInASmallRingLoseNothingAndKeepEachOrder()
    {
        const int Producers = 4;
        const int PerProducer = 50_000;
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 4096 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread[] producers = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            try
            {
                Produce(p);
            }
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                failures.Enqueue(e);
            }
            catch (ObjectDisposedException)
            {
                // the test failed on the consumer's side and disposed the ring
            }
        })).ToArray();

        void Produce(int p)
        {
            var random = new Random(p);
            for (int seq = 0; seq < PerProducer;)
            {
                int length = 13 + random.Next(0, 100); // producer, seq, then the length in the last byte
                Assert.True(ring.TryClaim(length, Timeout.InfiniteTimeSpan, cancel.Token, out RingClaim claim));
                if (random.Next(10) == 0)
                {
                    claim.Abort();
                    continue;
                }
                BinaryPrimitives.WriteInt32LittleEndian(claim.Span, p);
                BinaryPrimitives.WriteInt64LittleEndian(claim.Span[4..], seq++);
                claim.Span[^1] = (byte)length;
                claim.Commit();
            }
        }
        Array.ForEach(producers, t => t.Start());
        long[] next = new long[Producers];
        long total = 0;
        RingMessageHandler handler = (message, _) =>
        {
            int producer = BinaryPrimitives.ReadInt32LittleEndian(message);
            Assert.Equal(next[producer]++, BinaryPrimitives.ReadInt64LittleEndian(message[4..]));
            Assert.Equal(message.Length, message[^1]);
            total++;
        };
        while (total < Producers * PerProducer)
        {
            Assert.Empty(failures);
            Assert.False(cancel.IsCancellationRequested, $"only {total} messages within the deadline");
            if (ring.Read(handler) == 0)
            {
                _ = ring.WaitForMessages(TimeSpan.FromSeconds(1));
            }
        }
        Array.ForEach(producers, t => Assert.True(t.Join(TimeSpan.FromMinutes(1))));
        Assert.All(next, n => Assert.Equal(PerProducer, n));
        Assert.Equal(ring.WritePosition, ring.ReadPosition);
    }
}
