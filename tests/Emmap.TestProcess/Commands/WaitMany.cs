namespace Emmap.TestProcess;

/// <summary>
/// <c>wait-many &lt;path&gt; &lt;position&gt; &lt;waiters&gt; &lt;sync|async&gt;</c>: starts that many waits
/// (threads, or asynchronous waits sharing the process's one waiter thread) on the 64-bit value at
/// the position of an existing file, each until it differs from its value now; prints <c>waiting</c>,
/// then <c>woke &lt;n&gt;</c> with how many woke to a changed value within 30 s.
/// </summary>
internal static class WaitMany
{
    internal static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: wait-many <path> <position> <waiters> <sync|async>");
            return 2;
        }
        long position = long.Parse(args[1]);
        int waiters = int.Parse(args[2]);
        bool async = args[3] == "async";
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        long seen = file.ReadVolatileInt64(position);
        var patience = TimeSpan.FromSeconds(30);
        Task<bool>[] waits = async
            ? Enumerable.Range(0, waiters).Select(_ => file.WaitForChangeInt64Async(position, seen, patience).AsTask()).ToArray()
            : Enumerable.Range(0, waiters).Select(_ => Task.Factory.StartNew(() => file.WaitForChangeInt64(position, seen, patience), TaskCreationOptions.LongRunning)).ToArray();
        Console.WriteLine("waiting");
        Task.WaitAll(waits);
        Console.WriteLine($"woke {waits.Count(w => w.Result)}");
        return 0;
    }
}
