using System.Text;

namespace Emmap.TestProcess;

/// <summary>
/// <c>queue-push &lt;path&gt; &lt;producer&gt; &lt;count&gt; &lt;initial size&gt;</c>: opens the
/// queue file (creating it if no other process has yet), prints <c>ready</c>, waits for a line on
/// stdin (so all processes start together), then pushes <c>count</c> binaries
/// <c>"&lt;producer&gt;:&lt;seq&gt;"</c> (seq from 0) and prints <c>done</c>.
/// </summary>
internal static class QueuePush
{
    internal static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: queue-push <path> <producer> <count> <initial size>");
            return 2;
        }
        string producer = args[1];
        int count = int.Parse(args[2]);
        using var queue = MappedQueue.Open(args[0], new MappedQueueOptions { InitialSize = long.Parse(args[3]) });
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        Span<byte> message = stackalloc byte[64];
        for (int seq = 0; seq < count; seq++)
        {
            int length = Encoding.ASCII.GetBytes($"{producer}:{seq}", message);
            queue.Push(message[..length]);
        }
        Console.WriteLine("done");
        return 0;
    }
}
