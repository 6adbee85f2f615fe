using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// One thread's cost of a 64-byte message through a <see cref="MappedRing"/> (in anonymous shared
/// memory: the same code as a file ring), written and then read in batches of 64, against a bounded
/// <see cref="Channel"/> of the same 64 bytes (the baseline), with the memory diagnoser: neither
/// may allocate per message. The broadcast rows read the same batches through the one
/// <see cref="RingReader"/> of a broadcast ring, anonymous and in a file (whose kernel locks must
/// stay off the read path: the release lock is a word in the header). Between processes,
/// see <c>ring-bench</c> (RingThroughput, RingLatency).
/// </summary>
[BenchmarkCategory("ring")]
public class RingBenchmarks
{
    private const int Batch = 64;

    private MappedRing _ring = null!;
    private MappedRing _broadcast = null!;
    private RingReader _reader = null!;
    private MappedRing _fileBroadcast = null!;
    private RingReader _fileReader = null!;
    private string _directory = null!;
    private Channel<Message64> _channel = null!;
    private RingMessageHandler _handler = null!;
    private readonly byte[] _message = new byte[64];
    private long _sum;

    [GlobalSetup]
    public void Setup()
    {
        _ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1 << 16 });
        _broadcast = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1 << 16, MaxReaders = 1 });
        _reader = _broadcast.OpenReader("bench");
        _directory = Directory.CreateTempSubdirectory("emmap-ring-bench").FullName;
        _fileBroadcast = MappedRing.Open(Path.Combine(_directory, "broadcast.ring"), new MappedRingOptions { Capacity = 1 << 16, MaxReaders = 1 });
        _fileReader = _fileBroadcast.OpenReader("bench");
        _channel = Channel.CreateBounded<Message64>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
        _handler = (message, _) => _sum += message[8];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _broadcast.Dispose();
        _fileBroadcast.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long ChannelWriteThenRead()
    {
        var message = default(Message64);
        for (int i = 0; i < Batch; i++)
        {
            message[8] = (byte)i;
            _ = _channel.Writer.TryWrite(message);
        }
        while (_channel.Reader.TryRead(out Message64 read))
        {
            _sum += read[8];
        }
        return _sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long RingWriteThenRead()
    {
        byte[] message = _message;
        for (int i = 0; i < Batch; i++)
        {
            message[8] = (byte)i;
            _ = _ring.TryWrite(message);
        }
        while (_ring.Read(_handler) > 0)
        {
        }
        return _sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long BroadcastReaderWriteThenRead() => WriteThenRead(_broadcast, _reader);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long BroadcastFileReaderWriteThenRead() => WriteThenRead(_fileBroadcast, _fileReader);

    private long WriteThenRead(MappedRing ring, RingReader reader)
    {
        byte[] message = _message;
        for (int i = 0; i < Batch; i++)
        {
            message[8] = (byte)i;
            _ = ring.TryWrite(message);
        }
        while (reader.Read(_handler) > 0)
        {
        }
        return _sum;
    }
}
