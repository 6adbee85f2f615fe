using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// The two ends of the kill-and-restart tests of a ring's consumer and of a broadcast reader: the
/// log the <c>ring-consume</c> and <c>ring-read</c> helper processes write, and the producer thread
/// whose numbered messages they log.
/// </summary>
internal static class RingDeliveryLog
{
    /// <summary>A log written by <c>ring-consume</c> or <c>ring-read</c>: (producer, seq, position) per delivery.</summary>
    internal static List<(int Producer, long Seq, long Position)> Read(string path)
    {
        byte[] log = File.ReadAllBytes(path);
        var entries = new List<(int, long, long)>();
        for (int at = 0; at + 24 <= log.Length; at += 24)
        {
            entries.Add((BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at)), BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 8)), BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 16))));
        }
        return entries;
    }
}

/// <summary>
/// A thread writing numbered 64-byte messages (<c>[0:int32][0:int32][seq:int64]</c>) at a pace a
/// restarted reader can follow (a 1 ms pause every 64), recording each message's ring position;
/// once <see cref="Finish"/> is called it writes the end marker (producer -1) and stops.
/// </summary>
internal sealed class PacedProducer
{
    private readonly Thread _thread;
    private bool _finish;

    internal PacedProducer(MappedRing ring, TimeSpan deadline) => _thread = new Thread(() => Run(ring, deadline));

    /// <summary>The position of every numbered message, by its sequence number.</summary>
    internal List<long> Positions { get; } = [];

    internal void Start() => _thread.Start();

    /// <summary>Makes the next message the end marker.</summary>
    internal void Finish() => Volatile.Write(ref _finish, true);

    internal bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Run(MappedRing ring, TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        for (int seq = 0; ; seq++)
        {
            bool last = Volatile.Read(ref _finish);
            Assert.True(ring.TryClaim(64, Timeout.InfiniteTimeSpan, cancel.Token, out RingClaim claim));
            BinaryPrimitives.WriteInt32LittleEndian(claim.Span, last ? -1 : 0);
            BinaryPrimitives.WriteInt64LittleEndian(claim.Span[8..], seq);
            if (!last)
            {
                Positions.Add(claim.Position);
            }
            claim.Commit();
            if (last)
            {
                return;
            }
            if (seq % 64 == 0)
            {
                Thread.Sleep(1);
            }
        }
    }
}
