namespace Emmap.Runtime.Tests.Waiting;

/// <summary>
/// Heals of counts that killed waiters left never hide a live waiter from writers. Run in a helper
/// process with a wait table of its own, so that the machine's total is exactly what the scenario
/// makes it (other tests' waiters would move it).
/// </summary>
public sealed class WaitHealTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [LinuxFact]
    public void HealingAKilledWaitersBucketAfterTheTotalHealedKeepsALiveWaiterVisible()
    {
        string path = _dir.File();
        MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true }).Dispose();
        string table = $"/dev/shm/emmap-wait-heal-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using var helper = TestProcess.StartWith(new Dictionary<string, string> { [WaitTable.PathVariable] = table }, "wait-heal-total", path);
            Assert.Equal("late 0", helper.ReadLine());
            helper.WaitForSuccess();
        }
        finally
        {
            File.Delete(table);
        }
    }
}
