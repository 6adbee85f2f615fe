using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Emmap.TestProcess;

/// <summary>
/// <c>ring-read &lt;path&gt; &lt;reader&gt; &lt;log&gt;</c>: opens the broadcast ring's reader
/// <c>reader</c> (registering it if new), prints <c>ready &lt;position&gt;</c>, then reads messages
/// <c>[producer:int32][0:int32][seq:int64]...</c> and, inside the handler (before the batch's
/// position is persisted), appends <c>[producer:int32][0:int32][seq:int64][position:int64]</c> to
/// the log with one unbuffered write each, so a kill loses no logged delivery. A message from
/// producer -1 ends the run: it prints <c>done</c> and exits.
/// </summary>
internal static class RingRead
{
    internal static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: ring-read <path> <reader> <log>");
            return 2;
        }
        using var ring = MappedRing.Open(args[0]);
        using RingReader reader = ring.OpenReader(args[1]);
        using SafeFileHandle log = File.OpenHandle(args[2], FileMode.CreateNew, FileAccess.Write);
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
        Console.WriteLine($"ready {reader.Position}");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!end && DateTime.UtcNow < deadline)
        {
            if (reader.Read(handler) == 0)
            {
                _ = reader.WaitForMessages(TimeSpan.FromSeconds(1));
            }
        }
        Console.WriteLine(end ? "done" : "timed out");
        return end ? 0 : 1;
    }
}
