using Emmap.Runtime.Tests;

namespace Emmap.Tool.Tests;

/// <summary>Files written by another process (Emmap.TestProcess), as the tool meets them in use.</summary>
internal static class Writers
{
    /// <summary>Creates a counters file in another process and sets counters there (<c>"index=value"</c>).</summary>
    public static void Counters(string path, CountersFormat format, int count, params string[] assignments)
    {
        using TestProcess writer = TestProcess.Start(["counters-write", path, format.ToString(), count.ToString(), .. assignments]);
        Assert.Equal("wrote", writer.ReadLine());
        writer.WaitForSuccess();
    }

    /// <summary>
    /// Creates a <c>MachineStats</c> layout file in another process with its final values: Requests 50,
    /// State Running, Temperature 40, LatencyBuckets [1, 2, 3, 4], History [Idle, Failed], Errors 7,
    /// Leader { Jobs 5, Draining, Load 0.25 }, Workers [{ Jobs 11 }, { Jobs 14, Failed }].
    /// </summary>
    public static void Machine(string path)
    {
        using TestProcess writer = TestProcess.Start("layout-machine-writer", path);
        Assert.Equal("wrote 1", writer.ReadLine());
        writer.WriteLine("go");
        Assert.Equal("wrote 2", writer.ReadLine());
        writer.WaitForSuccess();
    }
}
