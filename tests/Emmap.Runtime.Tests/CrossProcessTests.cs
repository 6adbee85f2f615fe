using System.Text;

namespace Emmap.Runtime.Tests;

/// <summary>Shared memory between real processes (Emmap.TestProcess), synchronised through stdin/stdout lines.</summary>
public sealed class CrossProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ALeaseSeesAnotherProcessesPwrites()
    {
        // The seed README's "Shared memory and using mutable binaries": shell1 pwrites, shell2's binary changes.
        string path = _dir.File();
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 8 });
        using var lease = file.Lease(0, 5);
        using var writer = TestProcess.Start("pwrite-sequence", path, "0", "test1", "test2", "test3");
        foreach (string expected in new[] { "test1", "test2", "test3" })
        {
            Assert.Equal($"wrote {expected}", writer.ReadLine());
            Assert.Equal(expected, Encoding.ASCII.GetString(lease.Memory.Span));
            Assert.Equal(expected, Encoding.ASCII.GetString(file.ReadAt(0, 5)));
            writer.WriteLine("next");
        }
        writer.WaitForSuccess();
    }

    [Fact]
    public void TwoProcessesAddingAtomicallyLoseNoIncrement()
    {
        const int PerProcess = 200_000;
        string path = _dir.File();
        using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 });
        using var first = TestProcess.Start("atomic-add", path, "8", PerProcess.ToString());
        using var second = TestProcess.Start("atomic-add", path, "8", PerProcess.ToString());
        Assert.Equal("ready", first.ReadLine());
        Assert.Equal("ready", second.ReadLine());
        first.WriteLine("go");
        second.WriteLine("go");
        for (int i = 0; i < PerProcess; i++)
        {
            file.GetAndAddInt64(16, 1); // this process adds alongside, at a neighbouring position
        }
        first.WaitForSuccess();
        second.WaitForSuccess();
        Assert.Equal(2 * PerProcess, file.ReadVolatileInt64(8));
        Assert.Equal(PerProcess, file.ReadVolatileInt64(16));
    }
}
