namespace Emmap.TestProcess;

/// <summary>
/// <c>wait-ping-pong &lt;path&gt; &lt;rounds&gt; &lt;0|1&gt; &lt;sync|async&gt;</c>: two of these take turns
/// on the 64-bit value at position 0 of an existing file: player <c>p</c> waits until it is even
/// (player 0) or odd (player 1), then increments it, <c>rounds</c> times. Each turn waits without
/// polling for the other process's increment: a lost wake-up would stop the game (up to the waiters'
/// 500 ms cap, which the printed <c>late</c> count reports). Prints <c>ready</c>, then <c>done late &lt;n&gt;</c>.
/// </summary>
internal static class WaitPingPong
{
    internal static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: wait-ping-pong <path> <rounds> <0|1> <sync|async>");
            return 2;
        }
        int rounds = int.Parse(args[1]);
        long player = long.Parse(args[2]);
        bool async = args[3] == "async";
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        Console.WriteLine("ready");
        var patience = TimeSpan.FromSeconds(30);
        for (int round = 0; round < rounds; round++)
        {
            long mine = 2L * round + player;
            long seen;
            while ((seen = file.ReadVolatileInt64(0)) != mine)
            {
                bool changed = async
                    ? file.WaitForChangeInt64Async(0, seen, patience).AsTask().GetAwaiter().GetResult()
                    : file.WaitForChangeInt64(0, seen, patience);
                if (!changed)
                {
                    Console.Error.WriteLine($"player {player}: no turn within {patience} at round {round} (value {seen})");
                    return 1;
                }
            }
            file.GetAndAddInt64(0, 1);
        }
        Console.WriteLine($"done late {Waiter.LateWakeups}");
        return 0;
    }
}
