using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>
/// Corrupt and hostile queue files, and messages that cannot fit: each is refused with an exception
/// that names the path or the values, and the file is left byte for byte as it was.
/// </summary>
public sealed class MappedQueueBadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] Record = QueueFiles.BinaryRecord("message"u8.ToArray()); // 13-byte term, Sz = 26

    public static TheoryData<string, byte[], string[]> CorruptFiles()
    {
        uint end = (uint)(16 + Record.Length);
        byte[] mismatched = [.. Record];
        BinaryPrimitives.WriteUInt32BigEndian(mismatched.AsSpan(mismatched.Length - 4), 27);
        byte[] tooLong = [.. Record];
        BinaryPrimitives.WriteUInt32BigEndian(tooLong, 4000);
        byte[] zero = [.. Record];
        BinaryPrimitives.WriteUInt32BigEndian(zero, 0);
        return new()
        {
            { "empty file", [], ["0 bytes", "at least 16"] },
            { "shorter than a header", new byte[10], ["10 bytes", "at least 16"] },
            { "Head > Tail", QueueFiles.File(256, 256, 100, 50, 50, Record), ["Head 100", "Tail 50", "16 <= Head <= Tail"] },
            { "Head below 16", QueueFiles.File(256, 256, 8, end, end, Record), ["Head 8"] },
            { "Tail > NextTail", QueueFiles.File(256, 256, 16, end, 20, Record), ["Tail 42", "NextTail 20"] },
            { "NextTail > Size", QueueFiles.File(256, 200, 16, end, 240, Record), ["NextTail 240", "Size 200"] },
            { "giant Size", QueueFiles.File(256, uint.MaxValue, 16, end, end, Record), ["4294967295", "256 bytes"] },
            { "all zeros", new byte[256], ["Size 0", "Head 0"] },
            { "mismatched trailing Sz", QueueFiles.File(256, 256, 16, end, end, mismatched), ["offset 16", "27", "26", "message_size_mismatch"] },
            { "Sz past Tail", QueueFiles.File(256, 256, 16, end, end, tooLong), ["offset 16", "4000", "Tail 42"] },
            { "Sz zero", QueueFiles.File(256, 256, 16, end, end, zero), ["offset 16", "is 0"] },
            { "Tail inside a record", QueueFiles.File(256, 256, 16, end - 3, end - 3, Record), ["offset 16", "26", "Tail 39"] },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void ACorruptFileIsRefusedNamingTheValuesAndLeftUnchanged(string what, byte[] bytes, string[] named)
    {
        string path = _dir.FileWith(bytes, "q.bin");
        var ex = Assert.Throws<MappedFormatException>(() => MappedQueue.Open(path));
        Assert.Contains(path, ex.Message);
        foreach (string value in named)
        {
            Assert.True(ex.Message.Contains(value, StringComparison.Ordinal), $"{what}: '{value}' is not in: {ex.Message}");
        }
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AMessageTooLargeForAFixedQueueIsRefusedAndNothingIsWritten()
    {
        string path = _dir.File("q.bin");
        using var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 64, FixedSize = true });
        queue.Push("x"u8);
        byte[] before = File.ReadAllBytes(path);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => queue.Push(new byte[100]));
        Assert.Contains("100 bytes", ex.Message);
        Assert.Contains("fixed size, 64 bytes", ex.Message);
        Assert.Equal(100, ex.ActualValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.TryPush(new byte[100]));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AFullFixedQueueThrowsUntilItIsDrained()
    {
        string path = _dir.File("q.bin");
        using var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 100, FixedSize = true });
        byte[] message = new byte[10]; // 16 of term, Sz = 24: three fit in 84 bytes
        for (int i = 0; i < 3; i++)
        {
            queue.Push(message);
        }
        byte[] before = File.ReadAllBytes(path);
        var ex = Assert.Throws<MappedQueueFullException>(() => queue.Push(message));
        Assert.Contains("Tail 88", ex.Message);
        Assert.Contains("fixed size of 100 bytes", ex.Message);
        Assert.False(queue.TryPush(message));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(100, new FileInfo(path).Length);
        queue.Pop();
        Assert.False(queue.TryPush(message)); // no wrap-around: the space comes back only when empty
        queue.Pop();
        queue.Pop();
        Assert.True(queue.TryPush(message));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void BadArgumentsAreRefusedBeforeAnythingIsTouched()
    {
        string path = _dir.File("q.bin");
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 16 }));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MappedQueue.Open(path, new MappedQueueOptions { InitialSize = MappedQueue.MaxSize + 1 }));
        Assert.Contains("4294967296", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedQueue.Open(path, new MappedQueueOptions { GrowthStep = 0 }));
        Assert.False(File.Exists(path));
        using var queue = MappedQueue.Open(path);
        var term = Assert.Throws<ArgumentException>(() => queue.PushTerm([100, 1]));
        Assert.Contains("starting with 100", term.Message);
        Assert.Throws<ArgumentException>(() => queue.PushTerm([]));
        Assert.Throws<InvalidOperationException>(() => queue.Pop());
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void ACorruptionAfterOpenIsReportedByTheNextOperationAndNothingChanges()
    {
        string path = _dir.File("q.bin");
        using var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 256 });
        queue.Push("first"u8);
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteAt(4, QueueFiles.BigEndian(200)); // Head past Tail, as a writer ignoring the lock could leave it
        }
        byte[] before = File.ReadAllBytes(path);
        var ex = Assert.Throws<MappedFormatException>(() => queue.Push("second"u8));
        Assert.Contains("Head 200", ex.Message);
        Assert.Throws<MappedFormatException>(() => queue.TryPop(out _));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    /// <summary>
    /// The 32-bit limit, on a sparse file (no 4 GiB is written): a queue whose Tail is near 2^32
    /// grows to exactly 2^32 - 1 bytes, and the next push that would pass it is refused, naming the
    /// size and the limit, with the header unchanged.
    /// </summary>
    [LinuxFact]
    public void GrowthStopsAt2To32Minus1AndAPushPastItIsRefused()
    {
        string path = _dir.File("q.bin");
        const long Length = MappedQueue.MaxSize - 64;
        const uint Tail = (uint)Length - 20;
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.SetLength(Length);
            stream.Write(QueueFiles.File(16, (uint)Length, Tail, Tail, Tail, []));
        }
        using var queue = MappedQueue.Open(path);
        queue.Push(new byte[30]); // Sz 48: ends at 2^32 - 1 - 36, past Size, so the file grows, to the limit
        Assert.Equal(MappedQueue.MaxSize, new FileInfo(path).Length);
        Assert.Equal(MappedQueue.MaxSize, queue.Size);
        byte[] header = ReadHeader(path);
        var ex = Assert.Throws<MappedQueueFullException>(() => queue.Push(new byte[100]));
        Assert.Contains("4294967295 bytes", ex.Message);
        Assert.Contains($"{(long)Tail + 48 + 116}", ex.Message); // the file it would need
        Assert.False(queue.TryPush(new byte[100]));
        Assert.Equal(header, ReadHeader(path));
        Assert.Equal(MappedQueue.MaxSize, new FileInfo(path).Length);
        Assert.Equal(new byte[30], queue.Pop().Payload.ToArray());
    }

    [LinuxFact]
    public void AFileLongerThan2To32Minus1IsRefusedUnchanged()
    {
        string path = _dir.File("q.bin");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.SetLength(MappedQueue.MaxSize + 1);
            stream.Write(QueueFiles.File(16, uint.MaxValue, 16, 16, 16, []));
        }
        byte[] header = ReadHeader(path);
        var ex = Assert.Throws<MappedFormatException>(() => MappedQueue.Open(path));
        Assert.Contains("4294967296 bytes", ex.Message);
        Assert.Contains("at most 4294967295", ex.Message);
        Assert.Equal(header, ReadHeader(path));
        Assert.Equal(MappedQueue.MaxSize + 1, new FileInfo(path).Length);
    }

    private static byte[] ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[16];
        stream.ReadExactly(header);
        return header;
    }
}
