using System.Buffers.Binary;
using System.Text.Json;
using Emmap.Runtime.Tests;

namespace Emmap.Tool.Tests;

/// <summary>
/// <c>emmap watch</c> as a process on a file another process keeps changing: frames follow each
/// other (to a pipe, appended), counters get per-second rates after the first frame, and SIGINT
/// (Ctrl+C) ends it cleanly with exit code 0.
/// </summary>
public sealed class WatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void JsonFramesCarryRatesOfALiveCounter()
    {
        string path = _dir.File("live.counters");
        Writers.Counters(path, CountersFormat.Padded, 2);
        using TestProcess counting = TestProcess.Start("counters-count-until-killed", path, "Padded");
        Assert.Equal("ready", counting.ReadLine());

        (int exitCode, string output, string errors) = ToolRun.Run("watch", path, "--json", "--interval", "0.05", "--count", "3");

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        long previous = -1;
        for (int frame = 0; frame < 3; frame++)
        {
            using JsonDocument json = JsonDocument.Parse(lines[frame]);
            JsonElement counters = json.RootElement.GetProperty("counters");
            long work = counters.GetProperty("values")[0].GetInt64();
            Assert.True(work > previous, $"frame {frame}: counter 0 is {work}, after {previous}; another process is incrementing it");
            previous = work;
            JsonElement rates = counters.GetProperty("rates");
            if (frame == 0)
            {
                Assert.Equal(JsonValueKind.Null, rates.ValueKind); // no rate before a second look
            }
            else
            {
                Assert.True(rates[0].GetDouble() > 0, $"frame {frame}: rate {rates[0]} of a counter that grew");
            }
        }
    }

    [Fact]
    public void TextFramesToAPipeAreAppendedWithARateColumn()
    {
        string path = _dir.File("still.counters");
        Writers.Counters(path, CountersFormat.Emmap, 2, "0=10", "1=20");

        (int exitCode, string output, _) = ToolRun.Run("watch", path, "-i", "0.02", "-n", "2");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("\e[", output); // no terminal control codes into a pipe
        string frame0 = string.Join('\n',
            $"file:         {path}",
            "format:       emmap-counters, version 1",
            "length:       32 bytes",
            "counters:     2 (counter 0 at offset 16, one every 8 bytes)",
            "",
            "  index                value          rate/s",
            "      0                   10               -",
            "      1                   20               -",
            "");
        string frame1 = frame0.Replace("               -", "             0.0");
        Assert.Equal(frame0 + "\n" + frame1, output);
    }

    [Fact]
    public void LayoutFramesShowTheDataAsItChanges()
    {
        string path = _dir.File("machine.layout");
        Writers.Machine(path);
        (int exitCode, string output, _) = ToolRun.Run("watch", path, "--json", "-i", "0.02", "-n", "2");
        Assert.Equal(0, exitCode);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            byte[] file = File.ReadAllBytes(path);
            int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12));
            Assert.Equal(Convert.ToHexStringLower(file[dataOffset..(dataOffset + 256)]), json.RootElement.GetProperty("layout").GetProperty("data").GetString());
        }
    }

    [UnixFact]
    public void CtrlCEndsTheWatchCleanly()
    {
        string path = _dir.File("interrupted.counters");
        Writers.Counters(path, CountersFormat.Emmap, 1, "0=1");
        using ToolRun watch = ToolRun.Start("watch", path, "--interval", "0.05");
        Assert.Equal($"file:         {path}", watch.ReadLine()); // it is running and has drawn a frame

        watch.Interrupt();

        Assert.Equal(0, watch.WaitForExit());
        Assert.Equal("", watch.Errors);
    }

    [UnixFact]
    public void AReaderThatGoesAwayEndsTheWatchCleanly()
    {
        string path = _dir.File("piped.counters");
        Writers.Counters(path, CountersFormat.Emmap, 1);
        using ToolRun watch = ToolRun.Start("watch", path, "--interval", "0.05");
        Assert.Equal($"file:         {path}", watch.ReadLine());

        watch.CloseOutput(); // as `emmap watch FILE | head -1` does

        Assert.Equal(0, watch.WaitForExit()); // the next refresh finds the pipe broken and stops
        Assert.Equal("", watch.Errors);
    }
}
