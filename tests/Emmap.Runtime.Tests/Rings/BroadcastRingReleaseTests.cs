using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// The release of a broadcast ring (zeroing what every reader has read and moving the head), which
/// one reader at a time does: readers racing for it on threads, and a releaser killed with it.
/// </summary>
public sealed class BroadcastRingReleaseTests
{
    private static readonly MappedRingOptions Broadcast = new() { Capacity = 1024, MaxReaders = 4 };

    /// <summary>
    /// A releaser killed while holding the release lock (a word in the header), after the other
    /// readers found it taken and left their release to it: the head stays behind every reader,
    /// until a reader with nothing to read catches up (an empty read now and then, or a wait). It
    /// takes the lock over only because the holder's kernel lock (its slot's, or the registration
    /// lock) is free: the kernel says the holder is dead. A holder whose kernel lock is held (alive)
    /// keeps it. The word is set by hand here, and another descriptor stands in for a live registrant.
    /// </summary>
    [LinuxFact]
    public void AReleaseLockLeftByADeadHolderIsTakenOverByAnIdleReaderAndALiveOnesIsNot()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var ring = MappedRing.Open(path, Broadcast);
        using RingReader a = ring.OpenReader("a");
        using RingReader b = ring.OpenReader("b");
        using var raw = MappedFile.Open(path);
        long HeldBy(int slot, long generation) => (generation << 32) | (uint)(slot + 1);

        // Held by slot 1 (b, open: alive). a and b read everything; neither releases; a does not take it over.
        raw.WriteVolatileInt64(RingHeader.ReleaseLockOffset, HeldBy(1, 7));
        BroadcastRingTests.WriteSeq(ring, 0, 4);
        Assert.Equal(4, BroadcastRingTests.ReadAll(a).Count);
        Assert.Equal(4, BroadcastRingTests.ReadAll(b).Count);
        Assert.Equal(ring.WritePosition, ring.ReadPosition); // b's own id: left by a dead predecessor of its slot, taken over

        // Held by slot 3 (no open instance: dead). Both read and skip; an idle reader takes it over.
        raw.WriteVolatileInt64(RingHeader.ReleaseLockOffset, HeldBy(3, 9));
        long before = ring.ReadPosition;
        BroadcastRingTests.WriteSeq(ring, 4, 4);
        Assert.Equal(4, BroadcastRingTests.ReadAll(a).Count);
        Assert.Equal(4, BroadcastRingTests.ReadAll(b).Count);
        Assert.Equal(before, ring.ReadPosition); // both left the release to the holder
        Assert.False(a.WaitForMessages(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(ring.WritePosition, ring.ReadPosition);
        Assert.Equal(10L << 32, raw.ReadVolatileInt64(RingHeader.ReleaseLockOffset)); // free, one generation on

        // Held by a registration in another descriptor (alive: it holds the registration lock). Both
        // read and skip; an idle reader leaves it; once that descriptor closes (its process died), takes it over.
        using (var registrant = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            Assert.Equal(0, Native.TryLockRange(registrant.SafeFileHandle.DangerousGetHandle(), MappedRing.RegistrationLockStart, 1));
            raw.WriteVolatileInt64(RingHeader.ReleaseLockOffset, HeldBy(MappedRing.RegistrationId, 11));
            before = ring.ReadPosition;
            BroadcastRingTests.WriteSeq(ring, 8, 2);
            Assert.Equal(2, BroadcastRingTests.ReadAll(a).Count);
            Assert.Equal(2, BroadcastRingTests.ReadAll(b).Count);
            Assert.False(a.WaitForMessages(TimeSpan.FromMilliseconds(1)));
            Assert.False(b.WaitForMessages(TimeSpan.FromMilliseconds(1)));
            Assert.Equal(before, ring.ReadPosition);
        }
        Assert.False(a.WaitForMessages(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(ring.WritePosition, ring.ReadPosition);

        // A registration finds it held by a dead holder: takes it over instead of waiting forever.
        raw.WriteVolatileInt64(RingHeader.ReleaseLockOffset, HeldBy(3, 13));
        using RingReader c = ring.OpenReader("c");
        Assert.Equal(ring.WritePosition, c.Position);
    }

    /// <summary>
    /// Readers on threads racing to release (the release lock taken by one, skipped by the others,
    /// who leave their release to it) while producers on threads fill a small ring: every reader gets
    /// every message once, in each producer's order, and once all have read everything the head is
    /// the tail: no release was lost between a reader that skipped and the holder that let go.
    /// </summary>
    [Fact]
    public void ThreadsReadingAndReleasingAtOnceLoseNoReleaseAndNoMessage() => ReadAndReleaseAtOnce(file: false);

    /// <summary>As <see cref="ThreadsReadingAndReleasingAtOnceLoseNoReleaseAndNoMessage"/> with a file ring: the release lock is an OFD lock per reader.</summary>
    [LinuxFact]
    public void ThreadsReadingAndReleasingAFileRingAtOnceLoseNoReleaseAndNoMessage() => ReadAndReleaseAtOnce(file: true);

    private static void ReadAndReleaseAtOnce(bool file)
    {
        const int Producers = 2, Readers = 3, PerProducer = 20_000;
        using var dir = new TempDirectory();
        var options = new MappedRingOptions { Capacity = 1 << 12, MaxReaders = Readers };
        using MappedRing ring = file ? MappedRing.Open(dir.File(), options) : MappedRing.CreateAnonymous(options);
        RingReader[] readers = [.. Enumerable.Range(0, Readers).Select(r => ring.OpenReader("r" + r))];
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Thread[] threads =
        [
            .. Enumerable.Range(0, Producers).Select(p => new Thread(() =>
            {
                byte[] message = new byte[16];
                BinaryPrimitives.WriteInt32LittleEndian(message, p);
                for (long seq = 0; seq < PerProducer; seq++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(message.AsSpan(8), seq);
                    ring.Write(message, cancel.Token);
                }
            })),
            .. readers.Select(reader => new Thread(() =>
            {
                long[] next = new long[Producers];
                long total = 0;
                RingMessageHandler handler = (span, _) =>
                {
                    int p = BinaryPrimitives.ReadInt32LittleEndian(span);
                    long seq = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
                    if (next[p]++ != seq)
                    {
                        errors.Enqueue($"{reader.Name}: producer {p}'s message {seq}, expected {next[p] - 1}");
                    }
                    total++;
                };
                while (total < Producers * PerProducer && !cancel.IsCancellationRequested)
                {
                    if (reader.Read(handler, limit: 1 + (int)(total % 7)) == 0)
                    {
                        _ = reader.WaitForMessages(TimeSpan.FromMilliseconds(50));
                    }
                }
            })),
        ];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromMinutes(2))));
        Assert.Empty(errors);
        Assert.False(cancel.IsCancellationRequested, "the run did not finish in time");
        Assert.All(readers, r => Assert.Equal(ring.WritePosition, r.Position));
        Assert.Equal(ring.WritePosition, ring.ReadPosition);
    }
}
