using System.Buffers.Binary;

namespace Emmap.TestProcess;

/// <summary>
/// <c>ring-produce &lt;path&gt; &lt;capacity&gt; &lt;producer&gt; &lt;count&gt;</c>: opens the ring,
/// prints <c>ready</c>, waits for a line on stdin (so all producers start together), then writes
/// 64-byte messages <c>[producer:int32][0:int32][seq:int64]...</c>, seq from 0, waiting when the
/// ring is full. With a count of -1 it writes until a second line arrives on stdin. Prints
/// <c>done &lt;n&gt;</c> with the number written.
/// </summary>
internal static class RingProduce
{
    internal static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: ring-produce <path> <capacity> <producer> <count|-1>");
            return 2;
        }
        using var ring = MappedRing.Open(args[0], new MappedRingOptions { Capacity = long.Parse(args[1]) });
        int producer = int.Parse(args[2]);
        long count = long.Parse(args[3]);
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        bool stop = false;
        if (count < 0)
        {
            count = long.MaxValue;
            new Thread(() =>
            {
                _ = Console.ReadLine();
                Volatile.Write(ref stop, true);
            }) { IsBackground = true }.Start();
        }
        Span<byte> message = stackalloc byte[64];
        message.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(message, producer);
        long seq = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (; seq < count && !Volatile.Read(ref stop); seq++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(message[8..], seq);
            ring.Write(message, cancel.Token);
        }
        Console.WriteLine($"done {seq}");
        return 0;
    }
}
