using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Emmap.TestProcess;

/// <summary>
/// <c>ring-consume &lt;path&gt; &lt;capacity&gt; &lt;log&gt;</c>: opens the ring as its consumer, prints
/// <c>ready</c>; <c>ring-read &lt;path&gt; &lt;reader&gt; &lt;log&gt;</c>: opens the broadcast ring's reader
/// <c>reader</c> (registering it if new), prints <c>ready &lt;position&gt;</c>. Then both read messages
/// <c>[producer:int32][0:int32][seq:int64]...</c> and, inside the handler (before the batch is
/// released or the reader's position persisted), append <c>[producer:int32][0:int32][seq:int64][position:int64]</c>
/// to the log with one unbuffered write each, so a kill loses no logged delivery. A message from
/// producer -1 ends the run: it prints <c>done</c> and exits.
/// </summary>
internal static class RingConsume
{
    internal static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: ring-consume <path> <capacity> <log>");
            return 2;
        }
        using var ring = MappedRing.Open(args[0], new MappedRingOptions { Capacity = long.Parse(args[1]) });
        return Drain(args[2], handler =>
        {
            _ = ring.Read(handler, 1); // take the consumer role before saying ready
            return "ready";
        }, ring.Read, ring.WaitForMessages);
    }

    internal static int RunReader(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: ring-read <path> <reader> <log>");
            return 2;
        }
        using var ring = MappedRing.Open(args[0]);
        using RingReader reader = ring.OpenReader(args[1]);
        return Drain(args[2], _ => $"ready {reader.Position}", reader.Read, reader.WaitForMessages);
    }

    private static int Drain(string logPath, Func<RingMessageHandler, string> start, Func<RingMessageHandler, int, int> read, Func<TimeSpan, CancellationToken, bool> wait)
    {
        using SafeFileHandle log = File.OpenHandle(logPath, FileMode.CreateNew, FileAccess.Write);
        long offset = 0;
        bool end = false;
        byte[] entry = new byte[24];
        RingMessageHandler handler = (message, position) =>
        {
            int producer = BinaryPrimitives.ReadInt32LittleEndian(message);
            if (producer == -1)
            {
                end = true;
                return;
            }
            message[..16].CopyTo(entry);
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(16), position);
            RandomAccess.Write(log, entry, offset);
            offset += entry.Length;
        };
        Console.WriteLine(start(handler));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!end && DateTime.UtcNow < deadline)
        {
            if (read(handler, int.MaxValue) == 0)
            {
                _ = wait(TimeSpan.FromSeconds(1), default);
            }
        }
        Console.WriteLine(end ? "done" : "timed out");
        return end ? 0 : 1;
    }
}
