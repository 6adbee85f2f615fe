using System.Diagnostics;

namespace Emmap.Runtime.Tests.Waiting;

/// <summary>A killed test run's private wait table is debris the next run removes, and a live run's is kept.</summary>
public sealed class PrivateWaitTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [LinuxFact]
    public void TheTablesOfRunsThatNoLongerRunAreDeletedAndLiveOnesKept()
    {
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            string dead = Path.Combine(_dir.Path, $"emmap-wait-test-{gone.Id}-0123");
            string live = Path.Combine(_dir.Path, $"emmap-wait-test-{Environment.ProcessId}-4567");
            string other = Path.Combine(_dir.Path, "emmap-wait-v1");
            foreach (string file in new[] { dead, live, other })
            {
                File.WriteAllBytes(file, new byte[64]);
            }

            Assert.Equal(1, PrivateWaitTable.DeleteTablesOfDeadRuns(_dir.Path));

            Assert.False(File.Exists(dead));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(other));
        }
    }
}
