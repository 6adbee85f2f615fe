using System.Buffers.Binary;
using System.Diagnostics;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// The ring across real processes: producers in child processes, the consumer here (or the other
/// way round); producers and the consumer killed with SIGKILL. Every wait has a deadline.
/// </summary>
public sealed class RingCrossProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [LinuxFact]
    public void FourProducersOfAQuarterMillionEachDeliverEveryMessageOnceInOrder()
    {
        const int Producers = 4;
        const long PerProducer = 250_000;
        const long Capacity = 1 << 20;
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity });
        var children = new List<TestProcess>();
        try
        {
            for (int p = 0; p < Producers; p++)
            {
                children.Add(TestProcess.Start("ring-produce", path, Capacity.ToString(), p.ToString(), PerProducer.ToString()));
            }
            children.ForEach(c => Assert.Equal("ready", c.ReadLine()));
            children.ForEach(c => c.WriteLine("go"));
            long[] next = new long[Producers];
            long total = 0;
            long lastPosition = -1;
            RingMessageHandler handler = (message, position) =>
            {
                int producer = BinaryPrimitives.ReadInt32LittleEndian(message);
                long seq = BinaryPrimitives.ReadInt64LittleEndian(message[8..]);
                Assert.Equal(64, message.Length);
                Assert.Equal(next[producer]++, seq);
                Assert.True(position > lastPosition);
                lastPosition = position;
                total++;
            };
            var clock = Stopwatch.StartNew();
            while (total < Producers * PerProducer)
            {
                Assert.True(clock.Elapsed < Deadline, $"only {total} of {Producers * PerProducer} messages within {Deadline}");
                if (ring.Read(handler) == 0)
                {
                    _ = ring.WaitForMessages(TimeSpan.FromSeconds(1));
                }
            }
            children.ForEach(c => Assert.Equal($"done {PerProducer}", c.ReadLine()));
            children.ForEach(c => c.WaitForSuccess());
            Assert.All(next, n => Assert.Equal(PerProducer, n));
            Assert.Equal(0, ring.Read(handler));
            Assert.Equal(ring.WritePosition, ring.ReadPosition);
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    [LinuxFact]
    public void ProducersKilledAtRandomPointsNeverBlockTheRingAndLoseNothingCommitted()
    {
        const int Kills = 100;
        const int Parallel = 4;
        const long Capacity = 1 << 16;
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        string countersPath = dir.File("committed.bin");
        using var counters = MappedCounters.Open(countersPath, Kills);
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity, AbandonedClaimTimeout = TimeSpan.FromSeconds(2) });
        var received = new Dictionary<int, List<long>>();
        using var stop = new CancellationTokenSource();
        var consumer = new Thread(() =>
        {
            RingMessageHandler handler = (message, _) =>
            {
                int producer = BinaryPrimitives.ReadInt32LittleEndian(message);
                if (!received.TryGetValue(producer, out List<long>? list))
                {
                    received[producer] = list = [];
                }
                list.Add(BinaryPrimitives.ReadInt64LittleEndian(message[8..]));
            };
            while (!stop.IsCancellationRequested)
            {
                if (ring.Read(handler) == 0)
                {
                    _ = ring.WaitForMessages(TimeSpan.FromMilliseconds(50));
                }
            }
            while (ring.Read(handler) > 0)
            {
            }
        });
        var steady = new List<TestProcess>();
        var victims = new List<TestProcess>();
        try
        {
            consumer.Start();
            for (int p = 0; p < 2; p++)
            {
                steady.Add(TestProcess.Start("ring-produce", path, Capacity.ToString(), p.ToString(), "-1"));
            }
            steady.ForEach(c => Assert.Equal("ready", c.ReadLine()));
            steady.ForEach(c => c.WriteLine("go"));
            var random = new Random(17);
            var clock = Stopwatch.StartNew();
            for (int first = 0; first < Kills; first += Parallel)
            {
                Assert.True(clock.Elapsed < Deadline, $"only {first} kills within {Deadline}");
                var batch = Enumerable.Range(first, Math.Min(Parallel, Kills - first))
                    .Select(slot => TestProcess.Start("ring-produce-until-killed", path, Capacity.ToString(), (100 + slot).ToString(), countersPath, slot.ToString()))
                    .ToList();
                victims.AddRange(batch);
                batch.ForEach(v => Assert.Equal("ready", v.ReadLine()));
                foreach (TestProcess victim in batch)
                {
                    Thread.Sleep(random.Next(1, 30));
                    victim.Kill();
                }
            }
            steady.ForEach(c => c.WriteLine("stop"));
            long[] written = steady.Select(c => long.Parse(c.ReadLine()["done ".Length..])).ToArray();
            steady.ForEach(c => c.WaitForSuccess());

            // Everything claimed is committed or skipped: the consumer reaches the tail.
            while (ring.ReadPosition != ring.WritePosition)
            {
                Assert.True(clock.Elapsed < Deadline, $"the ring stays blocked at {ring.ReadPosition} (tail {ring.WritePosition})");
                Thread.Sleep(10);
            }
            stop.Cancel();
            Assert.True(consumer.Join(Deadline));

            for (int p = 0; p < 2; p++)
            {
                Assert.True(written[p] > 0);
                Assert.Equal(Enumerable.Range(0, (int)written[p]).Select(i => (long)i), received[p]);
            }
            for (int slot = 0; slot < Kills; slot++)
            {
                List<long> got = received.TryGetValue(100 + slot, out List<long>? list) ? list : [];
                long committed = counters.ReadVolatile(slot);
                Assert.Equal(Enumerable.Range(0, got.Count).Select(i => (long)i), got); // in order, once, no gap
                Assert.True(got.Count == committed || got.Count == committed + 1,
                    $"producer {slot}: {got.Count} delivered, {committed} known committed (one more may have been committed just before the kill)");
            }
            Assert.True(ring.SkippedClaims > 0, "no kill landed between claim and commit: the test did not exercise skipping");
        }
        finally
        {
            stop.Cancel();
            steady.ForEach(c => c.Dispose());
            victims.ForEach(v => v.Dispose());
            _ = consumer.Join(Deadline);
        }
    }

    /// <summary>
    /// The delivery guarantee across consumer crashes: a consumer process is killed at random moments
    /// and restarted. Every message is delivered; a message is delivered again only by the run after
    /// a kill, only if it lies at or past the read position persisted at that kill, and each run
    /// starts exactly at that position.
    /// </summary>
    [LinuxFact]
    public void AConsumerKilledAndRestartedLosesNothingAndRepeatsOnlyPastItsPersistedPosition()
    {
        const int Kills = 10;
        const long Capacity = 1 << 16;
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity });
        var producer = new PacedProducer(ring, Deadline);
        var persistedAtKill = new List<long>();
        var runs = new List<string>();
        var random = new Random(23);
        TestProcess? consumer = null;
        try
        {
            producer.Start();
            for (int run = 0; run <= Kills; run++)
            {
                runs.Add(dir.File($"log{run}.bin"));
                consumer = TestProcess.Start("ring-consume", path, Capacity.ToString(), runs[run]);
                Assert.Equal("ready", consumer.ReadLine());
                if (run == Kills)
                {
                    producer.Finish();
                    Assert.Equal("done", consumer.ReadLine());
                    consumer.WaitForSuccess();
                    break;
                }
                Thread.Sleep(random.Next(20, 120));
                consumer.Kill();
                consumer.Dispose();
                consumer = null;
                persistedAtKill.Add(ring.ReadPosition);
            }
            Assert.True(producer.Join(Deadline));
        }
        finally
        {
            consumer?.Dispose();
        }

        List<long> positions = producer.Positions;
        int messages = positions.Count;
        Assert.True(messages > 1000, $"only {messages} messages were produced");
        var deliveries = new int[messages];
        long start = 0;
        for (int run = 0; run < runs.Count; run++)
        {
            var log = RingDeliveryLog.Read(runs[run]);
            long previousSeq = -1;
            for (int i = 0; i < log.Count; i++)
            {
                (_, long seq, long position) = log[i];
                Assert.Equal(positions[(int)seq], position);
                if (i == 0)
                {
                    Assert.True(position == start, $"run {run} started at position {position}, not at the persisted {start}");
                }
                else
                {
                    Assert.Equal(previousSeq + 1, seq);
                }
                previousSeq = seq;
                if (deliveries[(int)seq]++ > 0)
                {
                    // Delivered again: only past what the killed run had persisted.
                    Assert.True(run > 0 && position >= persistedAtKill[run - 1], $"message {seq} at {position} delivered twice below the persisted position");
                }
            }
            if (run < persistedAtKill.Count)
            {
                start = persistedAtKill[run];
                long lastDelivered = previousSeq < 0 ? -1 : positions[(int)previousSeq];
                Assert.True(lastDelivered < start || log.Count > 0, "a run persisted a position past what it delivered");
            }
        }
        Assert.All(deliveries, d => Assert.True(d >= 1, "a message was never delivered"));
        Assert.True(deliveries.Sum() - messages <= Kills * (Capacity / 80), "more repeats than the kills' unreleased batches can hold");
    }
}
