using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// What one process sees of a broadcast <see cref="MappedRing"/>: every reader gets every message
/// from its own persisted position, producers are held back by the slowest registered reader, and
/// the reader table's rules (one instance per name, removal, a full table).
/// </summary>
public sealed class BroadcastRingTests
{
    private static readonly MappedRingOptions Broadcast = new() { Capacity = 1024, MaxReaders = 4 };

    internal static List<long> ReadAll(RingReader reader, int limit = int.MaxValue)
    {
        var seen = new List<long>();
        while (reader.Read((span, _) => seen.Add(BinaryPrimitives.ReadInt64LittleEndian(span)), limit) > 0 || reader.Read((span, _) => seen.Add(BinaryPrimitives.ReadInt64LittleEndian(span)), limit) > 0)
        {
        }
        return seen;
    }

    internal static void WriteSeq(MappedRing ring, long from, long count)
    {
        byte[] message = new byte[8];
        for (long i = from; i < from + count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(message, i);
            Assert.True(ring.TryWrite(message), $"message {i} refused");
        }
    }

    [Fact]
    public void EveryReaderSeesEveryMessageAcrossManyWrapsAndTheSlowestHoldsProducersBack()
    {
        using var dir = new TempDirectory();
        using var ring = MappedRing.Open(dir.File(), Broadcast);
        Assert.Equal(4, ring.MaxReaders);
        using RingReader fast = ring.OpenReader("fast");
        using RingReader slow = ring.OpenReader("slow");
        long written = 0, fastNext = 0, slowNext = 0;
        for (int round = 0; round < 300; round++)
        {
            WriteSeq(ring, written, 3);
            written += 3;
            foreach (long seq in ReadAll(fast))
            {
                Assert.Equal(fastNext++, seq);
            }
            if (round % 4 == 3)
            {
                foreach (long seq in ReadAll(slow))
                {
                    Assert.Equal(slowNext++, seq);
                }
            }
            Assert.Equal(slow.Position, ring.ReadPosition); // released up to the slowest, no further
        }
        Assert.Equal(written, fastNext);
        Assert.True(ring.WritePosition > 20 * ring.Capacity, "the test did not wrap many times");

        // The slow reader stops: producers fill the ring up to it, then are refused.
        byte[] message = new byte[8];
        while (ring.TryWrite(message))
        {
            written++;
        }
        Assert.True(ring.WritePosition - slow.Position > ring.Capacity - 48, "refused with room left");
        _ = ReadAll(fast); // reading everything in a full ring reaches the head's place a lap on: nothing is read twice
        Assert.Equal(0, fast.Read((_, _) => Assert.Fail("a message read twice")));
        Assert.Equal(ring.WritePosition, fast.Position);
        Assert.False(ring.TryWrite(message), "the fast reader's read must not release what the slow one has not read");
        Assert.Equal((int)(written - slowNext), ReadAll(slow, limit: 3).Count);
        Assert.True(ring.TryWrite(message));
    }

    [Fact]
    public void ANewReaderStartsAtTheOldestMessageStillHeldAndAReopenedOneWhereItLeftOff()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using (var ring = MappedRing.Open(path, Broadcast))
        {
            WriteSeq(ring, 0, 5); // no reader yet: held for the first
            using RingReader a = ring.OpenReader("a");
            Assert.Equal(0, a.Position);
            var got = new List<long>();
            Assert.Equal(3, a.Read((span, _) => got.Add(BinaryPrimitives.ReadInt64LittleEndian(span)), limit: 3));
            Assert.Equal([0, 1, 2], got);
        }
        using (var ring = MappedRing.Open(path))
        {
            Assert.Equal(4, ring.MaxReaders);
            using RingReader a = ring.OpenReader("a");
            Assert.Equal([3, 4], ReadAll(a));
            using RingReader b = ring.OpenReader("b");
            Assert.Equal(ring.ReadPosition, b.Position);
            Assert.Empty(ReadAll(b));
            WriteSeq(ring, 5, 2);
            Assert.Equal([5, 6], ReadAll(a));
            Assert.Equal([5, 6], ReadAll(b));
            Assert.Equal([("a", a.Position), ("b", b.Position)], ring.Readers);
        }
    }

    [Fact]
    public void RemovingAReaderThatIsGoneReleasesWhatOnlyItHadLeftAndFreesItsSlot()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 256, MaxReaders = 2 });
        using RingReader live = ring.OpenReader("live");
        ring.OpenReader("gone").Dispose();
        byte[] message = new byte[16];
        int written = 0;
        while (ring.TryWrite(message))
        {
            written++;
        }
        Assert.Equal(written, ReadAll(live).Count);
        Assert.False(ring.TryWrite(message), "the registered reader 'gone' holds the ring");
        InvalidOperationException full = Assert.Throws<InvalidOperationException>(() => ring.OpenReader("third"));
        Assert.Contains("all 2", full.Message);
        Assert.True(ring.RemoveReader("gone"));
        Assert.False(ring.RemoveReader("gone"));
        Assert.True(ring.TryWrite(message));
        Assert.Equal(ring.ReadPosition, live.Position);
        using RingReader third = ring.OpenReader("third");
        Assert.Equal(["live", "third"], ring.Readers.Select(r => r.Name));
    }

    [Fact]
    public async Task AWriterWaitingForRoomIsWokenWhenTheSlowestReaderReads()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 256, MaxReaders = 2 });
        using RingReader a = ring.OpenReader("a");
        using RingReader b = ring.OpenReader("b");
        while (ring.TryWrite(new byte[16]))
        {
        }
        Task<bool> writer = Task.Run(() => ring.TryWrite(new byte[16], TimeSpan.FromSeconds(30)));
        _ = ReadAll(a);
        Thread.Sleep(50);
        Assert.False(writer.IsCompleted, "released before the slower reader read");
        _ = b.Read((_, _) => { }, limit: 1);
        Assert.True(await writer.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task OneCommitWakesEveryReaderWaitingForIt()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 4096, MaxReaders = 3 });
        RingReader[] readers = [ring.OpenReader("r0"), ring.OpenReader("r1"), ring.OpenReader("r2")];
        Task<bool>[] waits = [.. readers.Select(r => Task.Factory.StartNew(() => r.WaitForMessages(TimeSpan.FromSeconds(30)), TaskCreationOptions.LongRunning))];
        Thread.Sleep(100);
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        WriteSeq(ring, 42, 1);
        Assert.All(await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        Assert.All(readers, r => Assert.Equal([42], ReadAll(r)));
    }

    [Fact]
    public async Task TheAsynchronousWaitOfAReaderCompletesOnACommit()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 4096, MaxReaders = 1 });
        using RingReader reader = ring.OpenReader("r");
        Assert.False(await reader.WaitForMessagesAsync(TimeSpan.Zero));
        ValueTask<bool> wait = reader.WaitForMessagesAsync(TimeSpan.FromSeconds(30));
        WriteSeq(ring, 7, 1);
        Assert.True(await wait);
        Assert.Equal([7], ReadAll(reader));
        Assert.False(reader.WaitForMessages(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void AHandlerThatThrowsGetsItsMessageAgainAndNothingBeforeIt()
    {
        using var ring = MappedRing.CreateAnonymous(Broadcast);
        using RingReader reader = ring.OpenReader("r");
        WriteSeq(ring, 0, 4);
        var seen = new List<long>();
        Assert.Throws<InvalidTimeZoneException>(() => reader.Read((span, _) =>
        {
            long seq = BinaryPrimitives.ReadInt64LittleEndian(span);
            if (seq == 2)
            {
                throw new InvalidTimeZoneException();
            }
            seen.Add(seq);
        }));
        Assert.Equal([0, 1], seen);
        Assert.Equal([2, 3], ReadAll(reader));
    }

    [Fact]
    public void TypedReadersSeeEveryRecordInPlace()
    {
        using var dir = new TempDirectory();
        using var ring = MappedRing<RingEvent>.Open(dir.File(), new MappedRingOptions { Capacity = 4096, MaxReaders = 2 });
        using RingReader<RingEvent> first = ring.OpenReader("first");
        using RingReader<RingEvent> second = ring.OpenReader("second");
        for (int i = 0; i < 5; i++)
        {
            Assert.True(ring.TryClaim(out RingClaim<RingEvent> claim));
            RingEvent e = claim.Record;
            e.Sequence = i;
            e.Value = i * 10;
            claim.Commit();
        }
        foreach (RingReader<RingEvent> reader in new[] { first, second })
        {
            var got = new List<long>();
            Assert.Equal(5, reader.Read((e, _) => got.Add(e.Value)));
            Assert.Equal([0, 10, 20, 30, 40], got);
        }
        Assert.Equal(ring.Ring.WritePosition, ring.Ring.ReadPosition);
        Assert.Throws<InvalidOperationException>(() => ring.Read((_, _) => { }));
    }

    [Fact]
    public void TheWrongModeIsRefusedInsteadOfConsumingSilently()
    {
        using var broadcast = MappedRing.CreateAnonymous(Broadcast);
        WriteSeq(broadcast, 0, 1);
        InvalidOperationException read = Assert.Throws<InvalidOperationException>(() => broadcast.Read((_, _) => { }));
        Assert.Contains("OpenReader", read.Message);
        Assert.Throws<InvalidOperationException>(() => broadcast.WaitForMessages(TimeSpan.Zero));
        Assert.Throws<InvalidOperationException>(() => broadcast.WaitForMessagesAsync(TimeSpan.Zero));
        Assert.Equal(0, broadcast.ReadPosition);

        using var single = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1024 });
        Assert.Equal(0, single.MaxReaders);
        Assert.Empty(single.Readers);
        InvalidOperationException open = Assert.Throws<InvalidOperationException>(() => single.OpenReader("r"));
        Assert.Contains("single-consumer", open.Message);
        Assert.Throws<InvalidOperationException>(() => single.RemoveReader("r"));
    }

    [Fact]
    public void ASecondInstanceOfAnAnonymousRingsReaderIsRefused()
    {
        using var ring = MappedRing.CreateAnonymous(Broadcast);
        RingReader first = ring.OpenReader("r");
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ring.OpenReader("r"));
        Assert.Contains("'r'", e.Message);
        Assert.Contains("already open", e.Message);
        Assert.Throws<InvalidOperationException>(() => ring.RemoveReader("r"));
        first.Dispose();
        using RingReader again = ring.OpenReader("r");
        Assert.Throws<ObjectDisposedException>(() => first.Read((_, _) => { }));
    }

    [LinuxFact]
    public void ASecondInstanceOfAReaderIsRefusedAcrossRingInstancesUntilTheFirstIsDisposed()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var one = MappedRing.Open(path, Broadcast);
        using var two = MappedRing.Open(path);
        RingReader first = one.OpenReader("r");
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => two.OpenReader("r"));
        Assert.Contains(path, e.Message);
        Assert.Contains("'r'", e.Message);
        Assert.Contains("already open", e.Message);
        InvalidOperationException remove = Assert.Throws<InvalidOperationException>(() => two.RemoveReader("r"));
        Assert.Contains("dispose it", remove.Message);
        first.Dispose();
        using RingReader second = two.OpenReader("r");
        one.Dispose(); // closes nothing of the other instance's
        WriteSeq(two, 9, 1);
        Assert.Equal([9], ReadAll(second));
    }

    [LinuxFact]
    public void DisposingTheRingClosesItsReaders()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        var ring = MappedRing.Open(path, Broadcast);
        RingReader reader = ring.OpenReader("r");
        ring.Dispose();
        Assert.True(reader.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => reader.Position);
        using var reopened = MappedRing.Open(path);
        using RingReader again = reopened.OpenReader("r");
    }

    [Fact]
    public void AReleaseCutShortIsFinishedByTheNextReleaser()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        int table = RingHeader.Length;
        int data = RingHeader.HeaderLengthOf(4);
        using (var ring = MappedRing.Open(path, Broadcast))
        {
            using RingReader a = ring.OpenReader("a");
            WriteSeq(ring, 0, 4); // 24-byte records
        }
        // Reader a read two records and was killed while releasing them: after zeroing, before the head.
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileInt64(table + RingReaderTable.CursorOffset, 48);
            raw.WriteVolatileInt64(RingHeader.ReleasingOffset, 48);
            raw.WriteAt(data, new byte[48]);
        }
        using var reopened = MappedRing.Open(path);
        Assert.Equal(0, reopened.ReadPosition);
        using RingReader again = reopened.OpenReader("a");
        Assert.Equal(48, reopened.ReadPosition);
        Assert.Equal([2, 3], ReadAll(again));
        Assert.Equal(reopened.WritePosition, reopened.ReadPosition);
    }
}
