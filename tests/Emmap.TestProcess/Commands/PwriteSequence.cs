using System.Text;

namespace Emmap.TestProcess;

/// <summary>
/// <c>pwrite-sequence &lt;path&gt; &lt;position&gt; &lt;value&gt;...</c>: opens an existing file
/// and, for each value, writes its ASCII bytes at the position, prints <c>wrote &lt;value&gt;</c>
/// and waits for a line on stdin before the next one (the seed README's
/// "Shared memory and using mutable binaries" scenario).
/// </summary>
internal static class PwriteSequence
{
    internal static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: pwrite-sequence <path> <position> <value>...");
            return 2;
        }
        long position = long.Parse(args[1]);
        using var file = MappedFile.Open(args[0], new MapOptions { FixedSize = true });
        foreach (string value in args[2..])
        {
            file.WriteAt(position, Encoding.ASCII.GetBytes(value));
            Console.WriteLine($"wrote {value}");
            _ = Console.ReadLine();
        }
        return 0;
    }
}
