using System.Diagnostics;
using System.Text;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>Behaviour of <see cref="MappedQueue"/> beyond the model: threads and instances in one process, a producer killed mid-push, disposal.</summary>
public sealed class MappedQueueTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Two instances on one file, two threads each, all pushing: the lock serialises instances (its byte-range lock) and threads (the monitor).</summary>
    [Fact]
    public async Task ThreadsOnTwoInstancesInOneProcessLoseNothing()
    {
        const int Threads = 4;
        const int Messages = 2_000;
        string path = _dir.File("q.bin");
        using var first = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 1024 });
        using var second = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 1024 });
        Task[] producers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            MappedQueue queue = t % 2 == 0 ? first : second;
            for (int i = 0; i < Messages; i++)
            {
                queue.Push(Encoding.ASCII.GetBytes($"{t}:{i}"));
            }
        })).ToArray();
        await Task.WhenAll(producers).WaitAsync(Deadline); // a TimeoutException fails the test
        var next = new int[Threads];
        while (second.TryPop(out QueueMessage message))
        {
            string[] parts = Encoding.ASCII.GetString(message.Payload.Span).Split(':');
            int t = int.Parse(parts[0]);
            Assert.Equal(next[t]++, int.Parse(parts[1]));
        }
        Assert.All(next, n => Assert.Equal(Messages, n));
        Assert.True(first.IsEmpty);
    }

    /// <summary>
    /// A producer process is killed (SIGKILL) while pushing as fast as it can: the kernel drops its
    /// lock, the next open discards a push it may have torn, and the messages it committed are all
    /// there, in order, with no gap.
    /// </summary>
    [UnixFact]
    public async Task AProducerKilledMidPushLeavesItsCommittedMessagesAndNoLock()
    {
        string path = _dir.File("q.bin");
        using (var producer = TestProcess.Start("queue-push", path, "p0", "100000000", "4096"))
        {
            Assert.Equal("ready", producer.ReadLine());
            producer.WriteLine("go");
            using var watcher = MappedQueue.Open(path);
            var clock = Stopwatch.StartNew();
            while (watcher.Size < 64 * 1024)
            {
                Assert.True(clock.Elapsed < Deadline, $"The producer did not push 64 KiB within {Deadline}.");
                Thread.Yield();
            }
            producer.Kill();
        }
        Task<int> drain = Task.Run(() =>
        {
            using var queue = MappedQueue.Open(path);
            (uint _, uint _, uint tail, uint nextTail) = QueueFiles.Header(ReadHeader(path));
            Assert.Equal(tail, nextTail);
            int seq = 0;
            while (queue.TryPop(out QueueMessage message))
            {
                Assert.Equal($"p0:{seq}", Encoding.ASCII.GetString(message.Payload.Span));
                seq++;
            }
            return seq;
        });
        int drained = await drain.WaitAsync(Deadline); // a TimeoutException: the killed producer's lock was not dropped
        Assert.True(drained > 1000, $"only {drained} messages survived");
    }

    /// <summary>Push, and the pop into a caller's buffer, allocate nothing once the file is big enough.</summary>
    [Fact]
    public void PushAndPopIntoABufferAllocateNothing()
    {
        using var queue = MappedQueue.Open(_dir.File("q.bin"), new MappedQueueOptions { InitialSize = 64 * 1024 });
        var writer = new System.Buffers.ArrayBufferWriter<byte>(256);
        byte[] message = new byte[64];
        for (int round = 0; round < 2; round++) // the first round warms up (JIT, the monitor's lock record)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                queue.Push(message);
                queue.Push(message);
                writer.ResetWrittenCount();
                _ = queue.TryPop(writer, out _);
                _ = queue.TryPop(writer, out _);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(round == 0 || allocated == 0, $"{allocated} bytes allocated by 200 pushes and pops");
        }
    }

    [Fact]
    public void EveryMemberThrowsObjectDisposedExceptionAfterDispose()
    {
        var queue = MappedQueue.Open(_dir.File("q.bin"));
        queue.Push("m"u8);
        queue.Dispose();
        queue.Dispose();
        Assert.Throws<ObjectDisposedException>(() => queue.Push("m"u8));
        Assert.Throws<ObjectDisposedException>(() => queue.TryPop(out _));
        Assert.Throws<ObjectDisposedException>(() => queue.Count);
        Assert.Throws<ObjectDisposedException>(() => queue.Path);
        Assert.Throws<ObjectDisposedException>(() => queue.Purge());
        using var reopened = MappedQueue.Open(_dir.File("q.bin"));
        Assert.Equal("m"u8.ToArray(), reopened.Pop().Payload.ToArray());
    }

    [Fact]
    public void AnEmptyQueueHasNothingToPeekOrPop()
    {
        using var queue = MappedQueue.Open(_dir.File("q.bin"));
        Assert.False(queue.TryPeekFront(out QueueMessage front));
        Assert.False(queue.TryPeekBack(out _));
        Assert.False(queue.TryPop(out _));
        Assert.Equal(QueueMessageKind.OtherTerm, front.Kind);
        Assert.True(front.RawTerm.IsEmpty);
        var ex = Assert.Throws<InvalidOperationException>(() => queue.Pop());
        Assert.Contains(queue.Path, ex.Message);
    }

    private static byte[] ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[16];
        stream.ReadExactly(header);
        return header;
    }
}
