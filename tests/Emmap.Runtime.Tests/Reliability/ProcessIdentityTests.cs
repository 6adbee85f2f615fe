using System.Diagnostics;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The owner word that tells a dead owner from a slow one, with real processes.</summary>
public sealed class ProcessIdentityTests
{
    [Fact]
    public void The_current_process_is_alive_and_its_identity_is_not_zero()
    {
        ulong current = ProcessIdentity.Current;
        Assert.NotEqual(0UL, current);
        Assert.Equal(Environment.ProcessId, ProcessIdentity.ProcessIdOf(current));
        Assert.Equal(ProcessIdentity.Liveness.Alive, ProcessIdentity.Probe(current));
    }

    [Fact]
    public void Nobody_is_dead() => Assert.Equal(ProcessIdentity.Liveness.Dead, ProcessIdentity.Probe(0));

    [LinuxFact]
    public void A_killed_process_is_dead_and_a_reused_pid_with_another_start_time_is_not_its_owner()
    {
        using Process child = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            ulong owner = ProcessIdentity.Of(child.Id) ?? throw new Xunit.Sdk.XunitException("The child's /proc entry is missing.");
            Assert.Equal(ProcessIdentity.Liveness.Alive, ProcessIdentity.Probe(owner));

            // Same pid, another start time: what a new process that reused the number looks like.
            ulong impostor = ProcessIdentity.Pack(child.Id, (owner & 0xFFFF_FFFF) + 1);
            Assert.Equal(ProcessIdentity.Liveness.Dead, ProcessIdentity.Probe(impostor));

            child.Kill();
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(1)), "sleep did not die within a minute of SIGKILL.");
            Assert.Equal(ProcessIdentity.Liveness.Dead, ProcessIdentity.Probe(owner));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    [LinuxFact]
    public void A_zombie_that_its_parent_has_not_reaped_is_dead()
    {
        // 'sleep 0' exits at once; its parent exec's into 'sleep 30', which never reaps it: a zombie.
        using Process parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        try
        {
            int pid = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            string stat = string.Empty;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    break;
                }
                Thread.Sleep(1);
            }
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.Equal("Z", fields[0]);
            ulong owner = ProcessIdentity.Pack(pid, ulong.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(ProcessIdentity.Liveness.Dead, ProcessIdentity.Probe(owner)); // its /proc entry remains, but it runs no more
            Assert.Null(ProcessIdentity.Of(pid));
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit(TimeSpan.FromMinutes(1));
        }
    }
}
