namespace Emmap.TestProcess;

/// <summary>
/// <c>atomic-add &lt;path&gt; &lt;position&gt; &lt;count&gt;</c>: opens an existing file, prints
/// <c>ready</c>, waits for a line on stdin (so several processes start adding together), then adds
/// 1 to the 64-bit integer at the position <c>count</c> times and prints <c>done</c>.
/// </summary>
internal static class AtomicAdd
{
    internal static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: atomic-add <path> <position> <count>");
            return 2;
        }
        long position = long.Parse(args[1]);
        int count = int.Parse(args[2]);
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        for (int i = 0; i < count; i++)
        {
            file.GetAndAddInt64(position, 1);
        }
        Console.WriteLine("done");
        return 0;
    }
}
