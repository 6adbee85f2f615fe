using System.Diagnostics;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests;

/// <summary>
/// <see cref="EmmapFileDescription.Read"/>: names each format with its version and header fields,
/// describes a foreign or inconsistent file instead of throwing, refuses what is not a regular file
/// (a FIFO without waiting for a writer), and never changes the file.
/// </summary>
public sealed class EmmapFileDescriptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(CountersFormat.Emmap, "emmap-counters", 16, 8)]
    [InlineData(CountersFormat.Padded, "padded-counters", 128, 128)]
    public void CountersFiles(CountersFormat format, string name, long firstOffset, int spacing)
    {
        string path = _dir.File("c");
        using (MappedCounters.Open(path, 5, format))
        {
        }
        byte[] before = File.ReadAllBytes(path);

        EmmapFileDescription d = EmmapFileDescription.Read(path);

        Assert.Equal((EmmapFileKind.Counters, name, 1, (string?)null), (d.Kind, d.FormatName, d.FormatVersion, d.Problem));
        Assert.Equal((format, 5, firstOffset, spacing), (d.CountersFormat!.Value, d.CounterCount, d.FirstCounterOffset, d.CounterSpacing));
        Assert.Equal(before.Length, d.Length);
        Assert.Equal(before[..Math.Min(before.Length, EmmapFileDescription.PrefixLength)], d.Prefix.ToArray());
        Assert.Equal((0L, 0L, 0UL), (d.DataOffset, d.LayoutSize, d.LayoutHash));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void LayoutFile()
    {
        string path = _dir.File("l");
        using (LayoutFile<MachineStats>.Open(path))
        {
        }

        EmmapFileDescription d = EmmapFileDescription.Read(path);

        Assert.Equal((EmmapFileKind.Layout, "layout", 2, (string?)null), (d.Kind, d.FormatName, d.FormatVersion, d.Problem));
        using (var file = LayoutFile<MachineStats>.Open(path))
        {
            Assert.Equal((file.DataOffset, (long)MachineStats.Size, MachineStats.LayoutHash), (d.DataOffset, d.LayoutSize, d.LayoutHash));
        }
        Assert.Equal(MembersOf<MachineStats>().Select(m => (m.Name, m.Kind, m.Offset, m.Size)), d.Schema!.Members.Select(m => (m.Name, m.Kind, m.Offset, m.Size)));
        Assert.Null(d.CountersFormat);
    }

    [Fact]
    public void RingFiles()
    {
        string bytes = _dir.File("b");
        string records = _dir.File("r");
        using (var ring = MappedRing.Open(bytes, new MappedRingOptions { Capacity = 4096 }))
        {
            Assert.True(ring.TryWrite("x"u8));
        }
        using (MappedRing<WorkerStats>.Open(records, new MappedRingOptions { Capacity = 1024 }))
        {
        }
        byte[] before = File.ReadAllBytes(bytes);

        EmmapFileDescription b = EmmapFileDescription.Read(bytes);
        EmmapFileDescription r = EmmapFileDescription.Read(records);

        Assert.Equal((EmmapFileKind.Ring, "ring", 1, (string?)null), (b.Kind, b.FormatName, b.FormatVersion, b.Problem));
        Assert.Equal((4096L, 256L, 0UL, 0L, 4352L), (b.RingCapacity, b.DataOffset, b.LayoutHash, b.LayoutSize, b.Length));
        Assert.Equal((EmmapFileKind.Ring, (string?)null, 1024L, WorkerStats.LayoutHash, (long)WorkerStats.Size), (r.Kind, r.Problem, r.RingCapacity, r.LayoutHash, r.LayoutSize));
        Assert.Equal(before, File.ReadAllBytes(bytes));
    }

    [Theory]
    [InlineData(8, 3L, "the ring format version is 3, expected 1 or 2. It was written by another version of Emmap; it was left as it is.")]
    [InlineData(32, 600L, "the record size is 600, expected 0 to 496 bytes (the longest message of a 4096-byte ring). The ring's header is corrupt; it was left as it is.")]
    [InlineData(136, 8L, "the ring positions is (head 0, releasing 8, tail 0), expected multiples of 8 with 0 <= head <= releasing <= tail <= head + capacity (4096). The ring's header is corrupt; it was left as it is.")]
    public void RingFilesWithAnInconsistentHeaderAreRecognisedWithTheirProblem(int offset, long value, string problem)
    {
        string path = _dir.File("ring");
        using (MappedRing.Open(path, new MappedRingOptions { Capacity = 4096 }))
        {
        }
        using (var stream = new FileStream(path, FileMode.Open))
        {
            byte[] word = BitConverter.GetBytes(value);
            stream.Position = offset;
            stream.Write(offset == 8 || offset == 32 ? word[..4] : word);
        }

        EmmapFileDescription d = EmmapFileDescription.Read(path);

        Assert.Equal((EmmapFileKind.Ring, "ring", $"'{path}': {problem}", 0L), (d.Kind, d.FormatName, d.Problem, d.RingCapacity));
    }

    private static IReadOnlyList<LayoutMemberInfo> MembersOf<T>() where T : struct, IMappedLayout<T> => T.Members;

    [Fact]
    public void ForeignAndShortFilesAreUnknown()
    {
        EmmapFileDescription text = EmmapFileDescription.Read(_dir.FileWith("plain text, not emmap"u8.ToArray(), "t"));
        Assert.Equal((EmmapFileKind.Unknown, "unknown", 0, (string?)null), (text.Kind, text.FormatName, text.FormatVersion, text.Problem));
        Assert.Equal(21, text.Prefix.Length);

        EmmapFileDescription empty = EmmapFileDescription.Read(_dir.FileWith([], "e"));
        Assert.Equal((EmmapFileKind.Unknown, 0L, 0), (empty.Kind, empty.Length, empty.Prefix.Length));
    }

    [Fact]
    public void InconsistentHeadersAreRecognisedWithTheirProblem()
    {
        string path = _dir.File("c");
        using (MappedCounters.Open(path, 4))
        {
        }
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(40);
        }

        EmmapFileDescription d = EmmapFileDescription.Read(path);

        Assert.Equal((EmmapFileKind.Counters, "emmap-counters"), (d.Kind, d.FormatName));
        Assert.Equal($"'{path}': the file length is 40 bytes, expected 48 bytes for 4 counters in the Emmap format. The file was truncated or extended by something else; it was left as it is.", d.Problem);
        Assert.Null(d.CountersFormat);
        Assert.Equal(0, d.CounterCount);

        byte[] layout = new byte[64];
        "EMLAYOUT"u8.CopyTo(layout);
        layout[8] = 7;
        EmmapFileDescription future = EmmapFileDescription.Read(_dir.FileWith(layout, "l"));
        Assert.Equal((EmmapFileKind.Layout, 7), (future.Kind, future.FormatVersion));
        Assert.Contains("the format version is 7, expected 1", future.Problem);
    }

    [Fact]
    public void MissingFileAndDirectoryThrowNamingThePath()
    {
        string missing = _dir.File("missing");
        Assert.Equal($"Could not find file '{missing}'.", Assert.Throws<FileNotFoundException>(() => EmmapFileDescription.Read(missing)).Message);
        Assert.False(File.Exists(missing));
        var directory = Assert.Throws<UnauthorizedAccessException>(() => EmmapFileDescription.Read(_dir.Path));
        Assert.Equal($"Access to the path '{_dir.Path}' is denied: it is a directory, not a regular file.", directory.Message);
    }

    [LinuxFact]
    public void FifoIsRefusedWithoutWaitingForAWriter()
    {
        string path = _dir.File("fifo");
        using (Process mkfifo = Process.Start("mkfifo", [path]))
        {
            Assert.True(mkfifo.WaitForExit(TimeSpan.FromMinutes(1)));
            Assert.Equal(0, mkfifo.ExitCode);
        }
        // Nothing opens the other end: a blocking open would never return, and the bounded wait fails.
        Task<Exception?> read = Task.Run<Exception?>(() => Record.Exception(() => EmmapFileDescription.Read(path)));
        Assert.True(read.Wait(TimeSpan.FromMinutes(1)), "EmmapFileDescription.Read blocked on a FIFO");
        IOException refused = Assert.IsType<IOException>(read.Result);
        Assert.Equal($"'{path}' is a FIFO (named pipe), not a regular file: Emmap maps regular files only.", refused.Message);
    }
}
