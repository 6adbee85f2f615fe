using System.Buffers.Binary;
using System.Diagnostics;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// A broadcast ring across real processes: producers and readers in child processes, a reader
/// killed with SIGKILL and restarted, a registered reader that is gone holding producers back until
/// it is removed. Every wait has a deadline; children are killed in finally.
/// </summary>
public sealed class BroadcastRingCrossProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static void WriteEnd(MappedRing ring)
    {
        byte[] end = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(end, -1);
        using var cancel = new CancellationTokenSource(Deadline);
        ring.Write(end, cancel.Token);
    }

    [LinuxFact]
    public void TwoReaderProcessesEachGetEveryMessageOfTwoProducerProcessesOnceInOrder()
    {
        const int Producers = 2;
        const long PerProducer = 50_000;
        const long Capacity = 1 << 16; // small: producers wrap many times, held back by the slower reader
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity, MaxReaders = 4 });
        var children = new List<TestProcess>();
        try
        {
            string[] logs = [dir.File("a.log"), dir.File("b.log")];
            var readers = logs.Select((log, i) => TestProcess.Start("ring-read", path, "reader" + i, log)).ToList();
            children.AddRange(readers);
            readers.ForEach(r => Assert.Equal("ready 0", r.ReadLine()));
            var producers = Enumerable.Range(0, Producers).Select(p => TestProcess.Start("ring-produce", path, Capacity.ToString(), p.ToString(), PerProducer.ToString())).ToList();
            children.AddRange(producers);
            producers.ForEach(p => Assert.Equal("ready", p.ReadLine()));
            producers.ForEach(p => p.WriteLine("go"));
            producers.ForEach(p => Assert.Equal($"done {PerProducer}", p.ReadLine()));
            producers.ForEach(p => p.WaitForSuccess());
            WriteEnd(ring);
            readers.ForEach(r => Assert.Equal("done", r.ReadLine()));
            readers.ForEach(r => r.WaitForSuccess());

            foreach (string log in logs)
            {
                var entries = RingDeliveryLog.Read(log);
                Assert.Equal(Producers * PerProducer, entries.Count);
                long[] next = new long[Producers];
                long lastPosition = -1;
                foreach ((int producer, long seq, long position) in entries)
                {
                    Assert.Equal(next[producer]++, seq);
                    Assert.True(position > lastPosition, $"{log}: position {position} after {lastPosition}");
                    lastPosition = position;
                }
            }
            Assert.True(ring.WritePosition > 20 * Capacity, "the producers did not wrap the ring many times");
            Assert.Equal(ring.WritePosition, ring.ReadPosition);
            Assert.All(ring.Readers, r => Assert.Equal(ring.WritePosition, r.Position));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// A reader process killed at random moments and restarted under the same name, while another
    /// reader (a thread here) keeps up: the killed reader loses nothing, each run starts exactly at
    /// the position persisted at the kill, a message is delivered again only at or past that
    /// position (at least once for the last batch), and the other reader gets everything once.
    /// </summary>
    [LinuxFact]
    public void AReaderKilledAndRestartedLosesNothingAndRepeatsOnlyPastItsPersistedPosition()
    {
        const int Kills = 6;
        const long Capacity = 1 << 16;
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity, MaxReaders = 2 });
        using RingReader steady = ring.OpenReader("steady");
        var steadySeqs = new List<long>();
        var producer = new PacedProducer(ring, Deadline);
        bool steadyEnd = false;
        var steadyThread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!steadyEnd && clock.Elapsed < Deadline)
            {
                if (steady.Read((message, _) =>
                {
                    if (BinaryPrimitives.ReadInt32LittleEndian(message) == -1)
                    {
                        steadyEnd = true;
                    }
                    else
                    {
                        steadySeqs.Add(BinaryPrimitives.ReadInt64LittleEndian(message[8..]));
                    }
                }) == 0)
                {
                    _ = steady.WaitForMessages(TimeSpan.FromMilliseconds(100));
                }
            }
        });
        var persistedAtKill = new List<long>();
        var runs = new List<string>();
        var random = new Random(29);
        TestProcess? victim = null;
        try
        {
            for (int run = 0; run <= Kills; run++)
            {
                runs.Add(dir.File($"log{run}.bin"));
                victim = TestProcess.Start("ring-read", path, "victim", runs[run]);
                Assert.Equal($"ready {(run == 0 ? 0 : persistedAtKill[run - 1])}", victim.ReadLine());
                if (run == 0)
                {
                    producer.Start();
                    steadyThread.Start();
                }
                if (run == Kills)
                {
                    producer.Finish();
                    Assert.Equal("done", victim.ReadLine());
                    victim.WaitForSuccess();
                    break;
                }
                Thread.Sleep(random.Next(30, 150));
                victim.Kill();
                victim.Dispose();
                victim = null;
                persistedAtKill.Add(ring.Readers.Single(r => r.Name == "victim").Position);
            }
            Assert.True(producer.Join(Deadline));
            Assert.True(steadyThread.Join(Deadline));
        }
        finally
        {
            victim?.Dispose();
            Volatile.Write(ref steadyEnd, true);
        }

        List<long> positions = producer.Positions;
        int messages = positions.Count;
        Assert.True(messages > 1000, $"only {messages} messages were produced");
        Assert.Equal(Enumerable.Range(0, messages).Select(i => (long)i), steadySeqs);
        var deliveries = new int[messages];
        for (int run = 0; run < runs.Count; run++)
        {
            var log = RingDeliveryLog.Read(runs[run]);
            long start = run == 0 ? 0 : persistedAtKill[run - 1];
            for (int i = 0; i < log.Count; i++)
            {
                (_, long seq, long position) = log[i];
                Assert.Equal(positions[(int)seq], position);
                Assert.True(i > 0 || position == start, $"run {run} started at position {position}, not at the persisted {start}");
                if (i > 0)
                {
                    Assert.True(log[i - 1].Seq + 1 == seq, $"run {run}: message {seq} after {log[i - 1].Seq}");
                }
                if (deliveries[(int)seq]++ > 0)
                {
                    Assert.True(run > 0 && position >= persistedAtKill[run - 1], $"message {seq} at {position} delivered twice below the persisted position");
                }
            }
        }
        Assert.All(deliveries, d => Assert.True(d >= 1, "a message was never delivered to the killed reader"));
        Assert.Equal(ring.WritePosition, ring.ReadPosition);
    }

    /// <summary>
    /// A reader process registers and is killed: it stays registered, so a producer process is held
    /// back once the ring is full (however fast the other reader is); removing it lets the producer finish.
    /// </summary>
    [LinuxFact]
    public void AReaderThatIsGoneHoldsProducersBackUntilItIsRemoved()
    {
        const long Capacity = 1 << 12;
        const long Messages = 1000; // 80-byte records: about twenty rings' worth
        using var dir = new TempDirectory();
        string path = dir.File("ring.bin");
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = Capacity, MaxReaders = 2 });
        using RingReader live = ring.OpenReader("live");
        TestProcess? gone = null;
        TestProcess? producer = null;
        try
        {
            gone = TestProcess.Start("ring-read", path, "gone", dir.File("gone.log"));
            Assert.Equal("ready 0", gone.ReadLine());
            gone.Kill();
            producer = TestProcess.Start("ring-produce", path, Capacity.ToString(), "0", Messages.ToString());
            Assert.Equal("ready", producer.ReadLine());
            producer.WriteLine("go");

            // The live reader reads everything the producer can write: one ring's worth (51 records,
            // then 16 bytes before the end that a record does not fit), then the producer waits.
            long read = 0;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                read += live.Read((_, _) => { });
                long tail = ring.WritePosition;
                if (Capacity - (tail - ring.ReadPosition) < 80 && live.Position == tail)
                {
                    break;
                }
                Assert.True(clock.Elapsed < Deadline, $"the ring never filled (write {tail}, read {ring.ReadPosition}, live {live.Position})");
                _ = live.WaitForMessages(TimeSpan.FromMilliseconds(10));
            }
            Assert.Equal(0, ring.ReadPosition);
            Assert.Equal([("live", ring.WritePosition), ("gone", 0L)], ring.Readers);
            Assert.True(read < Messages, "the producer was not held back");

            Assert.True(ring.RemoveReader("gone"), "the killed reader's lock was not dropped");
            while (read < Messages)
            {
                Assert.True(clock.Elapsed < Deadline, $"only {read} of {Messages} messages after the removal");
                read += live.Read((_, _) => { });
                _ = live.WaitForMessages(TimeSpan.FromMilliseconds(100));
            }
            Assert.Equal($"done {Messages}", producer.ReadLine());
            producer.WaitForSuccess();
            Assert.Equal([("live", ring.WritePosition)], ring.Readers.Select(r => (r.Name, r.Position)));
        }
        finally
        {
            gone?.Dispose();
            producer?.Dispose();
        }
    }
}
