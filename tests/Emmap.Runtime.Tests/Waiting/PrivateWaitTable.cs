using System.Runtime.CompilerServices;

namespace Emmap.Runtime.Tests.Waiting;

/// <summary>
/// Gives this test run, and the helper processes it starts (they inherit the environment), a wait
/// table of its own instead of the machine's. The cross-process wait tests count the waiters in a
/// word's bucket exactly; in the machine-wide table another program's waiters, or a count a killed
/// waiter of an earlier run left in a bucket that a reused inode maps to again, would share it.
/// The table is deleted when the run ends.
/// </summary>
internal static class PrivateWaitTable
{
    [ModuleInitializer]
    internal static void Use()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(WaitTable.PathVariable) is { Length: > 0 })
        {
            return;
        }
        string path = $"/dev/shm/emmap-wait-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(WaitTable.PathVariable, path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
    }
}
