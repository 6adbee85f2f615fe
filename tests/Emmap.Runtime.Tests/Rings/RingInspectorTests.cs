using System.Buffers.Binary;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// <see cref="RingInspector"/>: the walk from head to tail counts messages, padding and open claims
/// (with their producer's liveness), copies the first messages, tests the consumer lock without
/// taking it, stops at what is not plausible and says why, and never changes a byte of the file.
/// </summary>
public sealed class RingInspectorTests : IDisposable
{
    private static readonly MappedRingOptions Small = new() { Capacity = 1024 };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheWalkCountsMessagesPaddingAndClaimsAndCopiesTheFirstMessages()
    {
        string path = _dir.File("ring");
        using var ring = MappedRing.Open(path, Small);
        Assert.True(ring.TryWrite("hello"u8));                 // 0: 21-byte record, 24 with alignment
        Assert.True(ring.TryClaim(30, out RingClaim aborted));  // 24: 46 bytes, 48: padding once aborted
        aborted.Abort();
        Assert.True(ring.TryWrite(new byte[100]));               // 72: 116 bytes, 120
        Assert.True(ring.TryClaim(8, out RingClaim open));       // 192: 24 bytes, left open
        byte[] before = File.ReadAllBytes(path);

        using RingInspector inspector = RingInspector.Open(path);
        var inspection = new RingInspection(messagesToCopy: 1);
        inspector.Read(inspection);

        Assert.Equal((1024L, 112, 0UL, 0, true, 0), (inspector.Capacity, inspector.MaxMessageLength, inspector.LayoutHash, inspector.RecordSize, inspector.HoldsBytes, inspector.RecordStride));
        Assert.Equal((0L, 0L, 216L, 216L, 808L), (inspection.Head, inspection.Releasing, inspection.Tail, inspection.UsedBytes, inspection.FreeBytes));
        Assert.Equal((2L, 105L, 144L, 1L, 48L, 1L), (inspection.PendingMessages, inspection.PendingMessageBytes, inspection.PendingRecordBytes, inspection.PaddingRecords, inspection.PaddingBytes, inspection.ClaimCount));
        RingPendingClaim claim = Assert.Single(inspection.Claims);
        Assert.Equal((192L, 8, Environment.ProcessId, (bool?)true), (claim.Position, claim.Length, claim.ProcessId, claim.IsAlive));
        RingPendingMessage message = Assert.Single(inspection.Messages);
        Assert.Equal((0L, 5, "hello"), (message.Position, message.Length, System.Text.Encoding.ASCII.GetString(message.Payload.Span)));
        Assert.Equal((RingWalkEnd.Tail, 216L, (string?)null), (inspection.WalkEnd, inspection.WalkedTo, inspection.WalkStopReason));
        Assert.Equal(before, File.ReadAllBytes(path));

        open.Commit();
        inspector.Read(inspection); // the same inspection, reused: the claim is now a message
        Assert.Equal((3L, 0L), (inspection.PendingMessages, inspection.ClaimCount));
        Assert.Empty(inspection.Claims);
    }

    [Fact]
    public void ALongMessageIsCopiedUpToMaxCopiedBytes()
    {
        string path = _dir.File("ring");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 65536 });
        byte[] message = new byte[5000];
        new Random(7).NextBytes(message);
        Assert.True(ring.TryWrite(message));

        using RingInspector inspector = RingInspector.Open(path);
        var inspection = new RingInspection(messagesToCopy: 3);
        inspector.Read(inspection);

        RingPendingMessage copy = Assert.Single(inspection.Messages);
        Assert.Equal(5000, copy.Length);
        Assert.Equal(message[..RingInspection.MaxCopiedBytes], copy.Payload.ToArray());
    }

    [Fact]
    public void ATypedRingNamesItsLayoutAndItsRecordStride()
    {
        string path = _dir.File("ring");
        using (var ring = MappedRing<WorkerStats>.Open(path, Small))
        {
            Assert.True(ring.TryClaim(out RingClaim<WorkerStats> claim));
            claim.Commit();
        }

        using RingInspector inspector = RingInspector.Open(path);
        var inspection = new RingInspection();
        inspector.Read(inspection);

        Assert.Equal((WorkerStats.LayoutHash, WorkerStats.Size, false, 32), (inspector.LayoutHash, inspector.RecordSize, inspector.HoldsBytes, inspector.RecordStride));
        Assert.Equal((1L, 32L), (inspection.PendingMessages, inspection.PendingRecordBytes));
        Assert.Equal(inspector.RecordStride, inspection.PendingRecordBytes);
    }

    [LinuxFact]
    public void TheConsumerLockIsTestedWithoutBeingTaken()
    {
        string path = _dir.File("ring");
        using (MappedRing.Open(path, Small))
        {
        }
        using RingInspector inspector = RingInspector.Open(path);
        var inspection = new RingInspection();
        inspector.Read(inspection);
        Assert.False(inspection.HasConsumer);

        using (var consumer = MappedRing.Open(path, Small))
        {
            Assert.Equal(0, consumer.Read((_, _) => { })); // takes the consumer lock: the inspector did not hold it
            inspector.Read(inspection);
            Assert.True(inspection.HasConsumer);
        }
        inspector.Read(inspection);
        Assert.False(inspection.HasConsumer);
    }

    [Fact]
    public void AWalkOfARingMovingUnderItNeverCallsItInconsistentNorChangesIt()
    {
        // A producer (messages of varied lengths, some aborted) and a consumer run on threads while
        // the inspector looks again and again: every walk ends at the tail, at a claim being stamped, or
        // where the consumer released under it, with counts that fit the bytes in use.
        string path = _dir.File("ring");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 });
        using var stop = new CancellationTokenSource();
        long written = 0;
        var producer = new Thread(() =>
        {
            byte[] message = new byte[200];
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                if (i % 5 == 0 && ring.TryClaim(i % 97, out RingClaim claim))
                {
                    claim.Abort();
                }
                else if (ring.TryWrite(message.AsSpan(0, i % 151)))
                {
                    Interlocked.Increment(ref written);
                }
                else
                {
                    Thread.Yield(); // full: let the consumer run
                }
            }
        });
        var consumer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (ring.Read((_, _) => { }) == 0)
                {
                    _ = ring.WaitForMessages(TimeSpan.FromMilliseconds(10));
                }
            }
        });
        producer.Start();
        consumer.Start();
        var ends = new HashSet<RingWalkEnd>();
        try
        {
            using RingInspector inspector = RingInspector.Open(path);
            var inspection = new RingInspection(messagesToCopy: 2);
            // At least 2,000 looks, and on until the producer has written 20,000 messages (bounded by a count of looks, not by time).
            for (int look = 0; look < 2000 || (Interlocked.Read(ref written) < 20_000 && look < 200_000); look++)
            {
                inspector.Read(inspection);
                Assert.True(inspection.WalkEnd is RingWalkEnd.Tail or RingWalkEnd.UnstampedClaim or RingWalkEnd.Moved,
                    $"look {look}: {inspection.WalkEnd}: {inspection.WalkStopReason}");
                Assert.InRange(inspection.UsedBytes, 0, 4096);
                Assert.InRange(inspection.PendingRecordBytes + inspection.PaddingBytes, 0, inspection.UsedBytes);
                ends.Add(inspection.WalkEnd);
            }
        }
        finally
        {
            stop.Cancel();
            Assert.True(producer.Join(TimeSpan.FromMinutes(1)) && consumer.Join(TimeSpan.FromMinutes(1)), "the threads did not stop");
        }
        Assert.True(Interlocked.Read(ref written) > 0, "the producer wrote nothing");
        Assert.Contains(RingWalkEnd.Tail, ends);
    }

    [Fact]
    public void AClaimWithoutALengthStopsTheWalk()
    {
        string path = RingWith(ring => Assert.True(ring.TryWrite(new byte[8])));
        Poke(path, RingHeader.TailOffset, 48); // the tail says 24 more bytes were claimed; nothing is stamped there

        RingInspection inspection = Inspect(path);

        Assert.Equal((RingWalkEnd.UnstampedClaim, 24L, 1L), (inspection.WalkEnd, inspection.WalkedTo, inspection.PendingMessages));
        Assert.StartsWith("the walk stopped at position 24: a claim there has no length yet", inspection.WalkStopReason);
    }

    [Theory]
    [InlineData(5000, 1, "the walk stopped at position 0: its record's length is 5000 bytes, expected 16 to 128")]
    [InlineData(24, 7, "the walk stopped at position 0: its record's kind is 7, neither a message (1) nor padding (2)")]
    [InlineData(24, 1 | (3 << 8), "the walk stopped at position 0: its record is of lap 3, not of lap 0 (the ring moved on, or the record is corrupt)")]
    [InlineData(-24, 2, "the walk stopped at position 0: its record's length word is -24, which is no claim")]
    [InlineData(48, 1, "the walk stopped at position 0: its record of 48 bytes ends past the tail (24)")]
    public void AnImplausibleRecordStopsTheWalkAsInconsistent(int length, int kindWord, string reason)
    {
        string path = RingWith(ring => Assert.True(ring.TryWrite(new byte[8])));
        Poke(path, RingHeader.Length, (uint)length | ((long)kindWord << 32));
        byte[] before = File.ReadAllBytes(path);

        RingInspection inspection = Inspect(path);

        Assert.Equal((RingWalkEnd.Inconsistent, 0L, reason), (inspection.WalkEnd, inspection.WalkedTo, inspection.WalkStopReason));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ACorruptHeaderIsRefusedNamingTheFieldAndLeftUnchanged()
    {
        string path = RingWith(_ => { });
        Poke(path, RingHeader.CapacityOffset, 1000);
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<MappedFormatException>(() => RingInspector.Open(path));

        Assert.Equal($"'{path}': the ring capacity is 1000, expected a power of two from 256 to 1073741824. It is not an Emmap ring file, or its header is corrupt; it was left as it is.", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AFileThatIsNoRingIsRefused()
    {
        string path = _dir.File("c");
        using (MappedCounters.Open(path, 2))
        {
        }
        var e = Assert.Throws<MappedFormatException>(() => RingInspector.Open(path));
        Assert.Equal($"'{path}': the magic is 454D4D415030310A, expected 454D4D4150524E47 (\"EMMAPRNG\"). It is not an Emmap ring file.", e.Message);
    }

    /// <summary>
    /// A broadcast ring of 4 reader slots, 1024 bytes: three 8-byte messages (24-byte records at 0, 24,
    /// 48; tail 72); "audit" read all three and stays open, "billing" read one and was closed (so the
    /// head is 24, released up to it), and "gone" was registered and removed. The records start after
    /// the reader table, at 512. The ring is returned open (disposing it closes "audit").
    /// </summary>
    private string BroadcastRing(out MappedRing ring)
    {
        string path = _dir.File("broadcast-" + Guid.NewGuid().ToString("N"));
        ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 1024, MaxReaders = 4 });
        {
            RingReader audit = ring.OpenReader("audit");
            using (RingReader billing = ring.OpenReader("billing"))
            {
                for (byte b = 1; b <= 3; b++)
                {
                    Assert.True(ring.TryWrite([b, b, b, b, b, b, b, b]));
                }
                Assert.Equal(3, audit.Read((_, _) => { }));
                Assert.Equal(1, billing.Read((_, _) => { }, limit: 1));
            }
            ring.OpenReader("gone").Dispose();
            Assert.True(ring.RemoveReader("gone"));
        }
        return path;
    }

    [LinuxFact]
    public void ABroadcastRingShowsEachReaderItsLagAttachmentAndWhichGatesTheProducers()
    {
        string path = BroadcastRing(out MappedRing ring);
        byte[] before = File.ReadAllBytes(path);
        using (ring)
        using (RingInspector inspector = RingInspector.Open(path))
        {
            var inspection = new RingInspection(messagesToCopy: 1);
            inspector.Read(inspection);

            Assert.Equal((true, 4, 512, 1024L), (inspector.IsBroadcast, inspector.MaxReaders, inspector.DataOffset, inspector.Capacity));
            Assert.Equal((24L, 24L, 72L, (bool?)null), (inspection.Head, inspection.Releasing, inspection.Tail, inspection.HasConsumer));
            Assert.Equal((4, 2, (int?)null), (inspection.MaxReaders, inspection.FreeReaderSlots, inspection.ReleaseLockHolder));
            Assert.True(inspection.ReleaseLockGeneration > 0, "the release lock was taken at least once");
            Assert.Equal(
                [(0, "audit", 72L, 0L, (long?)0, (bool?)true, false), (1, "billing", 24L, 48L, 2L, false, true)],
                inspection.Readers.Select(r => (r.Slot, r.Name, r.Position, r.BehindBytes, r.PendingMessages, r.IsAttached, r.IsGating)));
            Assert.Equal((2L, 16L, RingWalkEnd.Tail, 72L), (inspection.PendingMessages, inspection.PendingMessageBytes, inspection.WalkEnd, inspection.WalkedTo));
            RingPendingMessage message = Assert.Single(inspection.Messages); // read from the records after the table, not at 256
            Assert.Equal(24L, message.Position);
            Assert.Equal(new byte[] { 2, 2, 2, 2, 2, 2, 2, 2 }, message.Payload.ToArray());
        }
        using (RingInspector inspector = RingInspector.Open(path))
        {
            var inspection = new RingInspection();
            inspector.Read(inspection);
            Assert.Equal([false, false], inspection.Readers.Select(r => r.IsAttached)); // audit was closed
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [LinuxFact]
    public void ABroadcastRingWithNoReaderGatesNothingAndAWalkCutShortLeavesLaterReadersUncounted()
    {
        string path = _dir.File("broadcast");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 1024, MaxReaders = 2 });
        Assert.True(ring.TryWrite(new byte[8]));
        RingInspection inspection = Inspect(path);
        Assert.Equal((0, 2, 1L), (inspection.Readers.Count, inspection.FreeReaderSlots, inspection.PendingMessages));

        using (RingReader early = ring.OpenReader("early"))
        {
        }
        using RingReader late = ring.OpenReader("late");
        Assert.True(ring.TryWrite(new byte[8]));    // 24..48
        Assert.Equal(2, late.Read((_, _) => { })); // late at 48, early at 0
        Poke(path, RingHeader.TailOffset, 72);      // 24 more bytes claimed, nothing stamped: the walk stops at 48
        inspection = Inspect(path);
        Assert.Equal((RingWalkEnd.UnstampedClaim, 48L), (inspection.WalkEnd, inspection.WalkedTo));
        Assert.Equal([("early", 0L, (long?)2, true), ("late", 48, null, false)], inspection.Readers.Select(r => (r.Name, r.Position, r.PendingMessages, r.IsGating)));
        Poke(path, RingHeader.TailOffset, 48);
    }

    [LinuxTheory]
    [InlineData(256 + 64 + 48, 4096L, "reader slot 1's position is 4096, expected a multiple of 8 from the head (24) to the tail (72)")]
    [InlineData(256 + 64 + 48, 44L, "reader slot 1's position is 44, expected a multiple of 8 from the head (24) to the tail (72)")]
    [InlineData(256, 48L, "reader slot 0's name length is 48, expected 0 (free) to 47 bytes")]
    public void ACorruptReaderTableIsRefusedNamingTheSlotAndFieldAndLeftUnchanged(int offset, long value, string problem)
    {
        string path = BroadcastRing(out MappedRing ring);
        ring.Dispose();
        using RingInspector before = RingInspector.Open(path); // opened while the table was valid: its looks check it again
        if (offset == 256)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bytes[offset] = (byte)value;
            File.WriteAllBytes(path, bytes);
        }
        else
        {
            Poke(path, offset, value);
        }
        byte[] corrupt = File.ReadAllBytes(path);
        string message = $"'{path}': {problem}. The ring's reader table is corrupt; it was left as it is.";

        var e = Assert.Throws<MappedFormatException>(() => RingInspector.Open(path));
        Assert.Equal(message, e.Message);
        Assert.Equal(message, EmmapFileDescription.Read(path).Problem);
        Assert.Equal(message, Assert.Throws<MappedFormatException>(() => MappedRing.Open(path)).Message); // the same check as the ring's open
        var inspection = new RingInspection();
        before.Read(inspection);
        Assert.Equal((RingWalkEnd.Inconsistent, message), (inspection.WalkEnd, inspection.WalkStopReason));
        Assert.Equal(corrupt, File.ReadAllBytes(path));
    }

    private string RingWith(Action<MappedRing> fill)
    {
        string path = _dir.File("ring-" + Guid.NewGuid().ToString("N"));
        using var ring = MappedRing.Open(path, Small);
        fill(ring);
        return path;
    }

    private static RingInspection Inspect(string path)
    {
        using RingInspector inspector = RingInspector.Open(path);
        var inspection = new RingInspection();
        inspector.Read(inspection);
        return inspection;
    }

    private static void Poke(string path, long offset, long value)
    {
        using var stream = new FileStream(path, FileMode.Open);
        byte[] word = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(word, value);
        stream.Position = offset;
        stream.Write(word);
    }
}
