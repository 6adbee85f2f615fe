using System.Text;

namespace Emmap.Runtime.Tests.Queues;

/// <summary>
/// The queue file against bytes built by hand from the format description, both ways: what .NET
/// writes is what emmap writes, and what emmap writes (binaries and other terms) .NET reads.
/// </summary>
public sealed class MappedQueueFileFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ANewQueueIsSizeThenThreeTimes16()
    {
        string path = _dir.File("q.bin");
        using (var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 256 }))
        {
            Assert.True(queue.Created);
            Assert.True(queue.IsEmpty);
            Assert.Equal(0, queue.Count);
        }
        Assert.Equal(QueueFiles.File(256, 256, 16, 16, 16, []), File.ReadAllBytes(path));
    }

    [Fact]
    public void PushesOfA_Empty_And300BytesAreTheBytesEmmapWrites()
    {
        string path = _dir.File("q.bin");
        byte[] big = TempDirectory.PatternBytes(300);
        using (var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 1024 }))
        {
            queue.Push("a"u8);
            queue.Push([]);
            queue.Push(big);
        }
        // <<"a">>: a 7-byte term, Sz0 = 15, Pad = 15 rem 8 = 7, Sz = 22 (written out in full).
        byte[] a = [0, 0, 0, 22, 131, 109, 0, 0, 0, 1, 97, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 22];
        Assert.Equal(a, QueueFiles.BinaryRecord("a"u8.ToArray()));
        // <<>>: 6 bytes of term, Sz0 = 14, Pad = 6, Sz = 20. 300 bytes: 306 of term, Sz0 = 314, Pad = 2, Sz = 316.
        byte[] empty = QueueFiles.BinaryRecord([]);
        byte[] hundreds = QueueFiles.BinaryRecord(big);
        Assert.Equal(20, empty.Length);
        Assert.Equal(316, hundreds.Length);
        const uint Tail = 16 + 22 + 20 + 316;
        Assert.Equal(QueueFiles.File(1024, 1024, 16, Tail, Tail, [.. a, .. empty, .. hundreds]), File.ReadAllBytes(path));
    }

    [Fact]
    public void PopsAdvanceHeadAndTheLastPopResetsTo16()
    {
        string path = _dir.File("q.bin");
        using var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 512 });
        queue.Push("one"u8);
        queue.Push("two"u8);
        Assert.Equal("one"u8.ToArray(), queue.Pop().Payload.ToArray());
        uint afterOne = (uint)(16 + QueueFiles.BinaryRecord("one"u8.ToArray()).Length);
        uint tail = afterOne + (uint)QueueFiles.BinaryRecord("two"u8.ToArray()).Length;
        Assert.Equal((512u, afterOne, tail, tail), QueueFiles.Header(File.ReadAllBytes(path)));
        Assert.Equal("two"u8.ToArray(), queue.Pop().Payload.ToArray());
        Assert.Equal((512u, 16u, 16u, 16u), QueueFiles.Header(File.ReadAllBytes(path)));
    }

    [Fact]
    public void GrowthRewritesSizeAndTheFileLength()
    {
        string path = _dir.File("q.bin");
        using (var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 64 }))
        {
            queue.Push(new byte[100]); // 106 bytes of term, Sz = 114 + 2 = 116: 132 > 64, so 64 doubles to 256
            Assert.Equal(256, queue.Size);
        }
        byte[] file = File.ReadAllBytes(path);
        byte[] record = QueueFiles.BinaryRecord(new byte[100]);
        Assert.Equal(QueueFiles.File(256, 256, 16, (uint)(16 + record.Length), (uint)(16 + record.Length), record), file);
    }

    [Fact]
    public void AHandBuiltFileOfABinaryAndOtherTermsIsReadWithTheOthersAsRawBytes()
    {
        byte[] compressed = QueueFiles.CompressedList();
        byte[][] terms = [QueueFiles.BinaryTerm("hello"u8.ToArray()), QueueFiles.AtomA, QueueFiles.IntegerOne, compressed, QueueFiles.TupleOk42];
        byte[][] records = terms.Select(QueueFiles.Record).ToArray();
        Assert.Equal(16, records[1].Length); // the description's own examples: the atom a gives Sz = 16,
        Assert.Equal(14, records[2].Length); // the integer 1 gives Sz = 14
        string path = _dir.FileWith(QueueFiles.FileWith(1024, records), "q.bin");
        using var queue = MappedQueue.Open(path);
        Assert.False(queue.Created);
        Assert.Equal(5, queue.Count);
        Assert.True(queue.TryPeekBack(out QueueMessage last));
        Assert.Equal(QueueMessageKind.OtherTerm, last.Kind);
        Assert.Equal(Padded(QueueFiles.TupleOk42), last.RawTerm.ToArray());

        QueueMessage hello = queue.Pop();
        Assert.True(hello.TryGetBinary(out ReadOnlyMemory<byte> bytes));
        Assert.Equal("hello", Encoding.ASCII.GetString(bytes.Span));
        Assert.Equal(Padded(terms[0]), hello.RawTerm.ToArray());
        for (int i = 1; i < terms.Length; i++)
        {
            QueueMessage message = queue.Pop();
            Assert.False(message.TryGetBinary(out ReadOnlyMemory<byte> none), $"term {i} taken for a binary");
            Assert.True(none.IsEmpty);
            Assert.Equal(QueueMessageKind.OtherTerm, message.Kind);
            Assert.Equal(Padded(terms[i]), message.RawTerm.ToArray());
            Assert.Equal(message.RawTerm.ToArray(), message.Payload.ToArray());
        }
        Assert.True(queue.IsEmpty);
        Assert.Equal(80, compressed[1]);
    }

    [Fact]
    public void TheBufferWriterPopHandsOutBinaryBytesOrRawTerms()
    {
        string path = _dir.FileWith(QueueFiles.FileWith(256,
            QueueFiles.BinaryRecord("xyz"u8.ToArray()), QueueFiles.Record(QueueFiles.AtomA)), "q.bin");
        using var queue = MappedQueue.Open(path);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.True(queue.TryPop(writer, out QueueMessageKind kind));
        Assert.Equal(QueueMessageKind.Binary, kind);
        Assert.Equal("xyz"u8.ToArray(), writer.WrittenSpan.ToArray());
        writer.Clear();
        Assert.True(queue.TryPop(writer, out kind));
        Assert.Equal(QueueMessageKind.OtherTerm, kind);
        Assert.Equal(Padded(QueueFiles.AtomA), writer.WrittenSpan.ToArray());
        Assert.False(queue.TryPop(writer, out _));
    }

    [Fact]
    public void PushTermStoresTheTermAsIsSoAnotherQueueGetsTheSameRecord()
    {
        string path = _dir.File("q.bin");
        using (var queue = MappedQueue.Open(path, new MappedQueueOptions { InitialSize = 128 }))
        {
            queue.PushTerm(QueueFiles.TupleOk42);
            Assert.True(queue.TryPeekFront(out QueueMessage message));
            Assert.Equal(QueueMessageKind.OtherTerm, message.Kind);
        }
        byte[] record = QueueFiles.Record(QueueFiles.TupleOk42);
        Assert.Equal(QueueFiles.File(128, 128, 16, (uint)(16 + record.Length), (uint)(16 + record.Length), record), File.ReadAllBytes(path));
    }

    [Fact]
    public void OpenDiscardsATornPush()
    {
        byte[] kept = QueueFiles.BinaryRecord("kept"u8.ToArray());
        byte[] torn = QueueFiles.BinaryRecord("torn message"u8.ToArray())[..10]; // killed half-way through the record
        uint tail = (uint)(16 + kept.Length);
        byte[] file = QueueFiles.File(256, 256, 16, tail, tail + (uint)QueueFiles.BinaryRecord("torn message"u8.ToArray()).Length, [.. kept, .. torn]);
        string path = _dir.FileWith(file, "q.bin");
        using (var queue = MappedQueue.Open(path))
        {
            Assert.Equal((256u, 16u, tail, tail), QueueFiles.Header(File.ReadAllBytes(path)));
            Assert.Equal(1, queue.Count);
            queue.Push("next"u8);
            Assert.Equal("kept"u8.ToArray(), queue.Pop().Payload.ToArray());
            Assert.Equal("next"u8.ToArray(), queue.Pop().Payload.ToArray());
        }
    }

    [Fact]
    public void OpenSetsAStaleSizeToTheFileLength()
    {
        byte[] record = QueueFiles.BinaryRecord("m"u8.ToArray());
        uint tail = (uint)(16 + record.Length);
        string path = _dir.FileWith(QueueFiles.File(512, 100, 16, tail, tail, record), "q.bin");
        using var queue = MappedQueue.Open(path);
        Assert.Equal(512, queue.Size);
        Assert.Equal((512u, 16u, tail, tail), QueueFiles.Header(File.ReadAllBytes(path)));
    }

    /// <summary>A term as a record's payload holds it: followed by its padding (Sz0 rem 8 zeros).</summary>
    private static byte[] Padded(byte[] term) => [.. term, .. new byte[(term.Length + 8) % 8]];
}
