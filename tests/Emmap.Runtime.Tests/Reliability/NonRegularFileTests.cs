using System.Diagnostics;
using System.Net.Sockets;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// A path that is not a regular file (a FIFO, a character device, a socket, a directory) is refused
/// at once by every entry point, naming the path and what it is. Each call runs against a deadline:
/// opening a FIFO without <c>O_NONBLOCK</c> waits for a writer forever, which fails the test instead
/// of hanging it. Nothing is created or left in the directory.
/// </summary>
public sealed class NonRegularFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly List<string> _fifos = [];

    public void Dispose()
    {
        foreach (string fifo in _fifos)
        {
            // Release any open(2) a regression left waiting: an O_RDWR open of a FIFO never blocks.
            using var unblock = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
        }
        _dir.Dispose();
    }

    /// <summary>Every entry point, by name.</summary>
    private static IEnumerable<(string Name, Action<string> Open)> EntryPoints() =>
    [
        ("MappedFile.Open", p => MappedFile.Open(p).Dispose()),
        ("MappedFile.Open(Read)", p => MappedFile.Open(p, new MapOptions { Access = MapAccess.Read }).Dispose()),
        ("MappedFile.Open(Create, Length)", p => MappedFile.Open(p, new MapOptions { Create = true, Length = 4096 }).Dispose()),
        ("MappedFile.Open(RefuseSymlinks)", p => MappedFile.Open(p, new MapOptions { RefuseSymlinks = true }).Dispose()),
        ("MappedCounters.Open", p => MappedCounters.Open(p, 4).Dispose()),
        ("MappedCounters.OpenExisting", p => MappedCounters.OpenExisting(p).Dispose()),
        ("MappedCounters.OpenExisting(Read)", p => MappedCounters.OpenExisting(p, MapAccess.Read).Dispose()),
        ("LayoutFile.Open", p => LayoutFile<ServiceStats>.Open(p).Dispose()),
        ("LayoutFile.Open(existing only)", p => LayoutFile<ServiceStats>.Open(p, new LayoutFileOptions { CreateIfMissing = false }).Dispose()),
        ("LayoutFile.Open(Read)", p => LayoutFile<ServiceStats>.Open(p, new LayoutFileOptions { Access = MapAccess.Read }).Dispose()),
        ("MappedQueue.Open", p => MappedQueue.Open(p).Dispose()),
    ];

    private static void AssertRefusedAtOnce(string path, string kind, Type expected)
    {
        foreach ((string name, Action<string> open) in EntryPoints())
        {
            Task<Exception?> call = Task.Run<Exception?>(() => Record.Exception(() => open(path)));
            Assert.True(call.Wait(Deadline), $"{name} on {kind} '{path}' did not return within {Deadline.TotalSeconds} s: it is waiting on the path.");
            Exception? ex = call.Result;
            Assert.True(ex is not null && ex.GetType() == expected, $"{name} on {kind}: expected {expected.Name}, got {ex?.GetType().Name ?? "no exception"}: {ex?.Message}");
            Assert.Contains(path, ex!.Message);
            Assert.Contains(kind, ex.Message);
        }
    }

    private static void Mkfifo(string path)
    {
        using Process mkfifo = Process.Start("mkfifo", path);
        Assert.True(mkfifo.WaitForExit(30_000), "mkfifo did not exit");
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [LinuxFact]
    public void AFifoAtThePathIsRefusedAtOnceByEveryEntryPoint()
    {
        string fifo = _dir.File("planted.fifo");
        Mkfifo(fifo);
        _fifos.Add(fifo);
        AssertRefusedAtOnce(fifo, "FIFO", typeof(IOException));
        Assert.Equal(["planted.fifo"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [LinuxFact]
    public void ASocketAtThePathIsRefusedAtOnceByEveryEntryPoint()
    {
        string path = _dir.File("planted.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        AssertRefusedAtOnce(path, "socket", typeof(IOException));
        Assert.Equal(["planted.sock"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [LinuxFact]
    public void ACharacterDeviceIsRefusedAtOnceByEveryEntryPoint() =>
        AssertRefusedAtOnce("/dev/null", "character device", typeof(IOException));

    [LinuxFact]
    public void ADirectoryAtThePathIsRefusedAtOnceAndNothingIsBuiltBesideIt()
    {
        string directory = _dir.File("planted.dir");
        Directory.CreateDirectory(directory);
        AssertRefusedAtOnce(directory, "directory", typeof(UnauthorizedAccessException));
        Assert.Equal(["planted.dir"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }
}
