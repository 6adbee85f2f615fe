using System.Runtime.CompilerServices;

namespace Emmap.Runtime.Tests.Waiting;

/// <summary>
/// Gives this test run, and the helper processes it starts (they inherit the environment), a wait
/// table of its own instead of the machine's. The cross-process wait tests count the waiters in a
/// word's bucket exactly; in the machine-wide table another program's waiters, or a count a killed
/// waiter of an earlier run left in a bucket that a reused inode maps to again, would share it.
/// The table is deleted when the run ends; the tables of earlier runs that were killed (so never
/// ran their exit handler) are deleted when the next run starts.
/// </summary>
internal static class PrivateWaitTable
{
    private const string Prefix = "emmap-wait-test-";

    [ModuleInitializer]
    internal static void Use()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(WaitTable.PathVariable) is { Length: > 0 })
        {
            return;
        }
        DeleteTablesOfDeadRuns("/dev/shm");
        string path = $"/dev/shm/{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(WaitTable.PathVariable, path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
    }

    /// <summary>Deletes <c>emmap-wait-test-PID-*</c> tables whose PID no longer runs (a live PID, even a reused one, keeps its table).</summary>
    internal static int DeleteTablesOfDeadRuns(string directory)
    {
        int deleted = 0;
        foreach (string table in Directory.EnumerateFiles(directory, Prefix + "*"))
        {
            string rest = Path.GetFileName(table)[Prefix.Length..];
            int dash = rest.IndexOf('-');
            if (dash > 0 && int.TryParse(rest.AsSpan(0, dash), out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    File.Delete(table);
                    deleted++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run deleting it at the same time, or another user's (/dev/shm is sticky):
                    // left as it is rather than failing this run's start.
                }
            }
        }
        return deleted;
    }
}
