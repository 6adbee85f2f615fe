namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// A failed open, resize or growth changes nothing. A real second process limits its address space
/// so that reserving the disk space succeeds but mapping it fails (the case of a length the file
/// system accepts and the process cannot map); every way of growing must then give the file its
/// length back, and a file the open created must be gone.
/// </summary>
public sealed class FailedGrowthTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [LinuxFact]
    public void WhenMappingFailsAfterTheFileGrewEveryWayOfGrowingGivesTheLengthBack()
    {
        using var helper = TestProcess.Start("grow-under-address-limit", _dir.Path, (192L << 20).ToString());
        string[] lines = [helper.ReadLine(), helper.ReadLine(), helper.ReadLine(), helper.ReadLine()];
        helper.WaitForSuccess();
        Assert.Equal("resize IOException length=65536", lines[0]);
        Assert.Equal("growth IOException length=65536", lines[1]);
        Assert.Equal("open-fit IOException length=65536", lines[2]);
        Assert.Equal("open-create IOException length=-1", lines[3]);
        Assert.Equal(new byte[65536], File.ReadAllBytes(_dir.File("existing.bin")));
        Assert.Equal(["existing.bin"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }
}
