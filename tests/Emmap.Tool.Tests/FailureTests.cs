using System.Diagnostics;
using System.Text.Json;
using Emmap.Runtime.Tests;

namespace Emmap.Tool.Tests;

/// <summary>
/// What is not a readable Emmap file gets one clear line on standard error and a non-zero exit code
/// (2: cannot be read; 3: not an Emmap file or a damaged one; 1: a wrong command line), never a
/// stack trace; a FIFO is refused without waiting for a writer.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingFile()
    {
        string path = _dir.File("missing");
        foreach (string command in new[] { "inspect", "watch" })
        {
            (int exitCode, string output, string errors) = ToolRun.Run(command, path);
            Assert.Equal(2, exitCode);
            Assert.Equal("", output);
            Assert.Equal($"emmap: Could not find file '{path}'.\n", errors);
        }
        Assert.False(File.Exists(path)); // never created
    }

    [Fact]
    public void Directory()
    {
        (int exitCode, string output, string errors) = ToolRun.Run("inspect", _dir.Path);
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"emmap: Access to the path '{_dir.Path}' is denied: it is a directory, not a regular file.\n", errors);
    }

    [UnprivilegedUnixFact]
    public void UnreadableFile()
    {
        string path = _dir.File("secret.counters");
        Writers.Counters(path, CountersFormat.Emmap, 1);
        if (!OperatingSystem.IsWindows()) // always true: the attribute skips Windows; tells the platform analyzer
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"emmap: Access to the path '{path}' is denied: Permission denied (errno 13).\n", errors);
    }

    [LinuxFact]
    public void FifoIsRefusedWithoutBlocking()
    {
        string path = _dir.File("pipe");
        using (Process mkfifo = Process.Start("mkfifo", [path]))
        {
            Assert.True(mkfifo.WaitForExit(ToolRun.Deadline));
            Assert.Equal(0, mkfifo.ExitCode);
        }
        foreach (string command in new[] { "inspect", "watch" })
        {
            // No process ever opens the FIFO's other end: a tool that waited for a writer would hang
            // and ToolRun's deadline would fail the test.
            (int exitCode, string output, string errors) = ToolRun.Run(command, path, "--json");
            Assert.Equal(2, exitCode);
            Assert.Equal("", output);
            Assert.Equal($"emmap: '{path}' is a FIFO (named pipe), not a regular file: Emmap maps regular files only.\n", errors);
        }
    }

    [Fact]
    public void ForeignFileIsDumpedInHexAndRefused()
    {
        string path = _dir.File("notes.txt");
        File.WriteAllText(path, "hello, this is not an emmap file at all\n");

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);

        Assert.Equal(3, exitCode);
        Assert.Equal($"emmap: '{path}' is not an Emmap file: it starts with 0x68656C6C6F2C2074, not a counters magic (\"EMMAP01\\n\", \"EMMAPPAD\"), a layout magic (\"EMLAYOUT\") or a ring magic (\"EMMAPRNG\").\n", errors);
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       unknown",
                "length:       40 bytes",
                "",
                "header (first 40 bytes):",
                "00000000  68 65 6c 6c 6f 2c 20 74  68 69 73 20 69 73 20 6e  |hello, this is n|",
                "00000010  6f 74 20 61 6e 20 65 6d  6d 61 70 20 66 69 6c 65  |ot an emmap file|",
                "00000020  20 61 74 20 61 6c 6c 0a                           | at all.|",
                "00000028",
                "",
            ],
            output.Split('\n'));

        (int jsonExitCode, string json, _) = ToolRun.Run("inspect", path, "--json");
        Assert.Equal(3, jsonExitCode);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("unknown", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("version").ValueKind);
        Assert.Equal(Convert.ToHexStringLower(File.ReadAllBytes(path)), document.RootElement.GetProperty("header").GetString());
    }

    [Fact]
    public void EmptyFileIsNotAnEmmapFile()
    {
        string path = _dir.File("empty");
        File.WriteAllBytes(path, []);
        (int exitCode, _, string errors) = ToolRun.Run("inspect", path);
        Assert.Equal(3, exitCode);
        Assert.Equal($"emmap: '{path}' is not an Emmap file: it is only 0 bytes long, not a counters magic (\"EMMAP01\\n\", \"EMMAPPAD\"), a layout magic (\"EMLAYOUT\") or a ring magic (\"EMMAPRNG\").\n", errors);
    }

    [Fact]
    public void TruncatedCountersFileIsRecognisedAndItsProblemNamed()
    {
        string path = _dir.File("truncated.counters");
        Writers.Counters(path, CountersFormat.Emmap, 4);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(32); // two counters short
        }

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);

        Assert.Equal(3, exitCode);
        string problem = $"'{path}': the file length is 32 bytes, expected 48 bytes for 4 counters in the Emmap format. The file was truncated or extended by something else; it was left as it is.";
        Assert.Equal($"emmap: {problem}\n", errors);
        string[] lines = output.Split('\n');
        Assert.Equal("format:       emmap-counters, version 1", lines[1]);
        Assert.Equal($"problem:      {problem}", lines[3]);
        Assert.Equal("header (first 32 bytes):", lines[5]);
    }

    [Fact]
    public void LayoutFileOfAnotherVersionIsRecognisedAndItsProblemNamed()
    {
        string path = _dir.File("future.layout");
        byte[] header = new byte[128];
        "EMLAYOUT"u8.CopyTo(header);
        header[8] = 3; // version 3
        header[12] = 64;
        File.WriteAllBytes(path, header);

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", "--json", path);

        Assert.Equal(3, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal("layout", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal($"'{path}': the format version is 3, expected 1 or 2. The file was written by another version of Emmap; open it with that version.",
            json.RootElement.GetProperty("problem").GetString());
        Assert.False(json.RootElement.TryGetProperty("layout", out _));
        Assert.StartsWith("emmap: ", errors);
    }

    [Theory]
    [InlineData(16, 1000L, "the ring capacity is 1000, expected a power of two from 256 to 1073741824. It is not an Emmap ring file, or its header is corrupt; it was left as it is.")]
    [InlineData(128, 4096L, "the ring positions is (head 4096, releasing 0, tail 64), expected multiples of 8 with 0 <= head <= releasing <= tail <= head + capacity (4096). The ring's header is corrupt; it was left as it is.")]
    [InlineData(64, 3L, "the ring positions is (head 0, releasing 0, tail 3), expected multiples of 8 with 0 <= head <= releasing <= tail <= head + capacity (4096). The ring's header is corrupt; it was left as it is.")]
    public void CorruptRingHeaderIsRecognisedItsFieldNamedAndTheFileUnchanged(int offset, long value, string problem)
    {
        string path = _dir.File("corrupt.ring");
        using (TestProcess writer = TestProcess.Start("ring-fill", path, "4096", "bytes", "write:48:1"))
        {
            Assert.Equal("done", writer.ReadLine());
            writer.WaitForSuccess();
        }
        using (var stream = new FileStream(path, FileMode.Open))
        {
            byte[] word = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(word, value);
            stream.Position = offset;
            stream.Write(word);
        }
        byte[] before = File.ReadAllBytes(path);

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);
        (int jsonExitCode, string json, _) = ToolRun.Run("inspect", path, "--json");
        (int watchExitCode, _, string watchErrors) = ToolRun.Run("watch", path, "-n", "1");

        Assert.Equal((3, 3, 3), (exitCode, jsonExitCode, watchExitCode));
        Assert.Equal($"emmap: '{path}': {problem}\n", errors);
        Assert.Equal(errors, watchErrors);
        string[] lines = output.Split('\n');
        Assert.Equal("format:       ring, version 1", lines[1]);
        Assert.Equal($"problem:      '{path}': {problem}", lines[3]);
        Assert.Equal("header (first 64 bytes):", lines[5]);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("ring", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal($"'{path}': {problem}", document.RootElement.GetProperty("problem").GetString());
        Assert.False(document.RootElement.TryGetProperty("ring", out _));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [LinuxTheory]
    [InlineData(256 + 64 + 48, 4096L, "reader slot 1's position is 4096, expected a multiple of 8 from the head (24) to the tail (48)")]
    [InlineData(256, 200L, "reader slot 0's name length is 200, expected 0 (free) to 47 bytes")]
    public void CorruptReaderTableIsRecognisedItsSlotAndFieldNamedAndTheFileUnchanged(int offset, long value, string field)
    {
        string path = _dir.File("broadcast.ring");
        using (var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 4096, MaxReaders = 2 }))
        {
            using RingReader a = ring.OpenReader("a");
            using RingReader b = ring.OpenReader("b");
            Assert.True(ring.TryWrite(new byte[8]));
            Assert.True(ring.TryWrite(new byte[8]));
            Assert.Equal(2, a.Read((_, _) => { }));
            Assert.Equal(1, b.Read((_, _) => { }, limit: 1)); // head 24 (b), a at 48, tail 48
        }
        using (var stream = new FileStream(path, FileMode.Open))
        {
            byte[] word = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(word, value);
            stream.Position = offset;
            stream.Write(word, 0, offset == 256 ? 1 : 8); // the name length is one byte
        }
        byte[] before = File.ReadAllBytes(path);
        string problem = $"'{path}': {field}. The ring's reader table is corrupt; it was left as it is.";

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);
        (int jsonExitCode, string json, _) = ToolRun.Run("inspect", path, "--json");
        (int watchExitCode, _, string watchErrors) = ToolRun.Run("watch", path, "-n", "1");

        Assert.Equal((3, 3, 3), (exitCode, jsonExitCode, watchExitCode));
        Assert.Equal($"emmap: {problem}\n", errors);
        Assert.Equal(errors, watchErrors);
        string[] lines = output.Split('\n');
        Assert.Equal(("format:       ring, version 2", $"problem:      {problem}", "header (first 64 bytes):"), (lines[1], lines[3], lines[5]));
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(problem, document.RootElement.GetProperty("problem").GetString());
        Assert.False(document.RootElement.TryGetProperty("ring", out _));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("inspect", "FILE", "--messages", "-1")]
    [InlineData("inspect")]
    [InlineData("watch", "FILE", "--interval", "0")]
    [InlineData("watch", "FILE", "--count", "0")]
    [InlineData("frobnicate", "FILE")]
    public void WrongCommandLineIsAUsageError(params string[] args)
    {
        (int exitCode, _, string errors) = ToolRun.Run(args);
        Assert.Equal(1, exitCode);
        Assert.NotEqual("", errors);
        Assert.DoesNotContain("   at ", errors); // no stack trace
    }
}
