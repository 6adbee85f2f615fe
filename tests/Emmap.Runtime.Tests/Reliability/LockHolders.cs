using System.Globalization;
using System.Text;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// For the message of a failed test: which processes hold a lock on a file (<c>/proc/locks</c>,
/// matched by inode), with their state and command line, so that a rare failure on a CI machine
/// says who kept the lock.
/// </summary>
internal static class LockHolders
{
    internal static string Describe(IEnumerable<string> paths)
    {
        var text = new StringBuilder();
        string[] locks = File.Exists("/proc/locks") ? File.ReadAllLines("/proc/locks") : [];
        foreach (string path in paths)
        {
            (ulong Device, ulong Inode)? identity = Native.Identity(path);
            text.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} (inode {identity?.Inode}): ");
            // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF": the pid, then major:minor:inode.
            var holders = locks
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 6 && identity is { } id && f[5].EndsWith($":{id.Inode}", StringComparison.Ordinal))
                .Select(f => $"{f[1]} {f[3]} by pid {f[4]} ({Process(f[4])})")
                .ToList();
            text.Append(holders.Count == 0 ? "no lock in /proc/locks" : string.Join("; ", holders)).Append(". ");
        }
        return text.ToString();
    }

    private static string Process(string pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            string command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return $"state {state}, {command}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "gone";
        }
    }
}
