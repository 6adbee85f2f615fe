using System.Text.Json;
using Emmap.Runtime.Tests;

namespace Emmap.Tool.Tests;

/// <summary>
/// <c>emmap watch</c> on a ring: frames follow each other with the positions, and from the second
/// frame on the rates written and read (bytes per second from the tail's and the head's advance,
/// messages per second from the bytes a record takes).
/// </summary>
public sealed class RingWatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TextFramesOfAStillRingShowRatesFromTheSecond()
    {
        string path = _dir.File("still.ring");
        using (TestProcess writer = TestProcess.Start("ring-fill", path, "4096", "bytes", "write:48:1", "write:48:2"))
        {
            Assert.Equal("done", writer.ReadLine());
            writer.WaitForSuccess();
        }

        (int exitCode, string output, _) = ToolRun.Run("watch", path, "-i", "0.02", "-n", "2");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("\e[", output);
        string[] frames = output.Split("\n\n");
        Assert.Equal(2, frames.Length);
        string[] first = frames[0].Split('\n');
        string[] second = frames[1].Split('\n');
        Assert.Equal(["tail:         128", "in use:       128 bytes (3.1%), 3968 bytes free", "written:      -", "read:         -", "pending:      2 messages (96 bytes)"], first[8..13]);
        Assert.Equal(["written:      0.0 messages/s (0.0 bytes/s)", "read:         0.0 messages/s (0.0 bytes/s)"], second[10..12]);
    }

    [LinuxFact]
    public void JsonFramesOfALiveRingCarryItsRates()
    {
        const string Capacity = "65536";
        string path = _dir.File("live.ring");
        string log = _dir.File("consumed.log");
        using TestProcess producer = TestProcess.Start("ring-produce", path, Capacity, "0", "-1");
        Assert.Equal("ready", producer.ReadLine());
        using TestProcess consumer = TestProcess.Start("ring-consume", path, Capacity, log);
        Assert.Equal("ready", consumer.ReadLine());
        producer.WriteLine("go");

        (int exitCode, string output, string errors) = ToolRun.Run("watch", path, "--json", "--interval", "0.1", "--count", "3");

        Assert.Equal((0, ""), (exitCode, errors));
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        long previousTail = -1;
        for (int frame = 0; frame < 3; frame++)
        {
            using JsonDocument json = JsonDocument.Parse(lines[frame]);
            JsonElement ring = json.RootElement.GetProperty("ring");
            long tail = ring.GetProperty("tail").GetInt64();
            Assert.True(tail > previousTail, $"frame {frame}: the tail is {tail}, after {previousTail}; another process is writing");
            previousTail = tail;
            Assert.True(ring.GetProperty("consumerAttached").GetBoolean());
            JsonElement rates = ring.GetProperty("rates");
            if (frame == 0)
            {
                Assert.Equal(JsonValueKind.Null, rates.ValueKind);
                continue;
            }
            Assert.True(rates.GetProperty("writtenBytesPerSecond").GetDouble() > 0, $"frame {frame}: {rates}");
            Assert.True(rates.GetProperty("readBytesPerSecond").GetDouble() > 0, $"frame {frame}: {rates}");
            // Messages per second need the bytes a record takes, known once a pending message was seen.
            foreach (string name in new[] { "writtenMessagesPerSecond", "readMessagesPerSecond" })
            {
                JsonElement messages = rates.GetProperty(name);
                Assert.True(messages.ValueKind == JsonValueKind.Null || messages.GetDouble() > 0, $"frame {frame}: {name} {messages}");
            }
        }
    }

    [LinuxFact]
    public void JsonFramesOfABroadcastRingCarryEachReadersReadRate()
    {
        const string Capacity = "65536";
        string path = _dir.File("broadcast.ring");
        using (MappedRing.Open(path, new MappedRingOptions { Capacity = 65536, MaxReaders = 2 }))
        {
        }
        using TestProcess reader = TestProcess.Start("ring-read", path, "live", _dir.File("read.log"));
        Assert.StartsWith("ready", reader.ReadLine());
        using TestProcess producer = TestProcess.Start("ring-produce", path, Capacity, "0", "-1");
        Assert.Equal("ready", producer.ReadLine());
        producer.WriteLine("go");

        (int exitCode, string output, string errors) = ToolRun.Run("watch", path, "--json", "--interval", "0.1", "--count", "2");

        Assert.Equal((0, ""), (exitCode, errors));
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        for (int frame = 0; frame < 2; frame++)
        {
            using JsonDocument json = JsonDocument.Parse(lines[frame]);
            JsonElement live = Assert.Single(json.RootElement.GetProperty("ring").GetProperty("readers").EnumerateArray());
            Assert.Equal(("live", true, true), (live.GetProperty("name").GetString(), live.GetProperty("attached").GetBoolean(), live.GetProperty("gating").GetBoolean()));
            JsonElement rate = live.GetProperty("readBytesPerSecond");
            Assert.True(frame == 0 ? rate.ValueKind == JsonValueKind.Null : rate.GetDouble() > 0, $"frame {frame}: {live}");
        }
    }
}
