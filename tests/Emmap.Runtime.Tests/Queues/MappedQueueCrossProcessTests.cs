using System.Diagnostics;
using System.Text;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>
/// One queue file shared by real processes (Emmap.TestProcess): two producers push at once, growing
/// the file from a small start, while this process pops; every message arrives exactly once and in
/// order per producer. Waits are bounded by a deadline that fails the test; none asserts a duration.
/// </summary>
public sealed class MappedQueueCrossProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TwoProducerProcessesAndAConsumerLoseNothingAndKeepEachProducersOrder()
    {
        const int Producers = 2;
        const int Messages = 20_000;
        string path = _dir.File("q.bin");
        var processes = new List<TestProcess>();
        try
        {
            for (int p = 0; p < Producers; p++)
            {
                processes.Add(TestProcess.Start("queue-push", path, $"p{p}", Messages.ToString(), "4096"));
            }
            processes.ForEach(p => Assert.Equal("ready", p.ReadLine()));
            using var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 4096 });
            processes.ForEach(p => p.WriteLine("go"));

            // Pop only once the producers have grown the file: 4 KiB holds about 170 of these
            // messages, so they must, and every process then has to map the grown part.
            var clock = Stopwatch.StartNew();
            while (queue.Size <= 4096)
            {
                Assert.True(clock.Elapsed < Deadline, $"The producers did not grow the 4096-byte queue within {Deadline}.");
                Thread.Yield();
            }
            var next = new int[Producers];
            int received = 0;
            while (received < Producers * Messages)
            {
                if (!queue.TryPop(out QueueMessage message))
                {
                    Assert.True(clock.Elapsed < Deadline, $"Only {received} of {Producers * Messages} messages arrived within {Deadline}.");
                    Thread.Yield();
                    continue;
                }
                Assert.True(message.TryGetBinary(out ReadOnlyMemory<byte> bytes), $"message {received} is not a binary");
                string[] parts = Encoding.ASCII.GetString(bytes.Span).Split(':');
                int producer = int.Parse(parts[0][1..]);
                int seq = int.Parse(parts[1]);
                Assert.True(seq == next[producer], $"producer {producer}: got message {seq}, expected {next[producer]} (lost, repeated or reordered)");
                next[producer]++;
                received++;
            }
            processes.ForEach(p => Assert.Equal("done", p.ReadLine()));
            processes.ForEach(p => p.WaitForSuccess());
            Assert.True(queue.IsEmpty);
            Assert.All(next, n => Assert.Equal(Messages, n));
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
    }
}
