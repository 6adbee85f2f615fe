using System.Runtime.InteropServices;

namespace Emmap.TestProcess;

/// <summary>
/// <c>grow-under-address-limit &lt;dir&gt; &lt;bytes&gt;</c>: limits this process's address space
/// (<c>RLIMIT_AS</c>) to what it uses plus 32 MiB, so that reserving <c>bytes</c> of disk succeeds
/// but mapping them fails, then tries each way of growing a file to <c>bytes</c>: <c>Resize</c>,
/// automatic growth, <c>Open</c> with <c>Fit</c>, and <c>Open</c> with <c>Create</c>. For each it
/// prints <c>&lt;way&gt; &lt;exception type&gt; length=&lt;file length after&gt;</c> (or
/// <c>&lt;way&gt; succeeded</c>), and exits 0.
/// </summary>
internal static class GrowUnderAddressLimit
{
    private const int RlimitAs = 9;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Max;
    }

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRlimit(int resource, ref Rlimit limit);

    internal static int Run(string[] args)
    {
        if (args is not [string dir, string bytesText] || !long.TryParse(bytesText, out long bytes))
        {
            Console.Error.WriteLine("usage: grow-under-address-limit <dir> <bytes>");
            return 2;
        }
        string existing = Path.Combine(dir, "existing.bin");
        File.WriteAllBytes(existing, new byte[65536]);
        using var file = MappedFile.Open(existing, new MapOptions { GrowthStep = bytes });
        long used = long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmSize:"))[7..].Trim().Split(' ')[0]) * 1024;
        var limit = new Rlimit { Current = (ulong)(used + (32 << 20)), Max = ulong.MaxValue };
        if (SetRlimit(RlimitAs, ref limit) != 0)
        {
            Console.Error.WriteLine($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
            return 1;
        }
        Try("resize", existing, () => file.Resize(bytes));
        Try("growth", existing, () => file.WriteAt(bytes - 1, [1]));
        Try("open-fit", existing, () => MappedFile.Open(existing, new MapOptions { Length = bytes, Fit = true }).Dispose());
        string created = Path.Combine(dir, "created.bin");
        Try("open-create", created, () => MappedFile.Open(created, new MapOptions { Create = true, Length = bytes }).Dispose());
        return 0;
    }

    private static void Try(string way, string path, Action grow)
    {
        try
        {
            grow();
            Console.WriteLine($"{way} succeeded");
        }
        catch (Exception e)
        {
            Console.WriteLine($"{way} {e.GetType().Name} length={(File.Exists(path) ? new FileInfo(path).Length : -1)}");
        }
    }
}
