namespace Emmap.TestProcess;

/// <summary>
/// <c>hold-mapped &lt;path&gt;</c>: maps an existing file whole and prints <c>mapped &lt;length&gt;</c>,
/// waits for a line on stdin (the test meanwhile tries to shrink the file), then reads every mapped
/// byte, which would raise SIGBUS had the file been cut under the mapping, prints
/// <c>read &lt;length&gt; bytes</c> and exits 0.
/// </summary>
internal static class HoldMapped
{
    internal static int Run(string[] args)
    {
        if (args is not [string path])
        {
            Console.Error.WriteLine("usage: hold-mapped <path>");
            return 2;
        }
        using var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
        Console.WriteLine($"mapped {file.Length}");
        _ = Console.ReadLine();
        byte[] bytes = file.ReadAt(0, checked((int)file.Length));
        Console.WriteLine($"read {bytes.Length} bytes");
        return 0;
    }
}
