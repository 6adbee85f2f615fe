using System.Text.Json;
using Emmap.Runtime.Tests;
using Emmap.Tests.Shared;

namespace Emmap.Tool.Tests;

/// <summary>
/// <c>emmap inspect</c> on ring files another process wrote, with known content: committed messages,
/// an aborted claim (padding), a claim held open by a live process and then by one killed with
/// SIGKILL, a wrap-around padding record, a consumer attached and gone; as text and as JSON, and
/// never a byte of the file changed.
/// </summary>
public sealed class RingInspectTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A 4096-byte ring: a 40-byte message of 0x01 at 0 (a 56-byte record), an aborted 24-byte claim at
    /// 56 (40 bytes of padding), a 10-byte message of 0x02 at 96 (32 bytes), an open 8-byte claim at 128
    /// (24 bytes): the tail is 152.
    /// </summary>
    private static readonly string[] KnownContent = ["write:40:1", "abort:24", "write:10:2", "claim:8:3"];

    [LinuxFact]
    public void ARingWithAnOpenClaimShowsItsPositionsRecordsAndTheLiveThenKilledProducer()
    {
        string path = _dir.File("jobs.ring");
        using TestProcess producer = TestProcess.Start(["ring-fill", path, "4096", "bytes", .. KnownContent, "hold"]);
        Assert.Equal("holding", producer.ReadLine());
        byte[] before = File.ReadAllBytes(path);
        DateTime modified = File.GetLastWriteTimeUtc(path);

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path, "--messages", "5");

        Assert.Equal((0, ""), (exitCode, errors));
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       ring, version 1",
                "length:       4352 bytes",
                "capacity:     4096 bytes (messages of up to 496 bytes)",
                "records:      bytes",
                "consumer:     not attached",
                "head:         0 (the consumer's persisted position)",
                "releasing:    0 (no release in progress)",
                "tail:         152",
                "in use:       152 bytes (3.7%), 3944 bytes free",
                "pending:      2 messages (50 bytes)",
                "padding:      1 record (40 bytes)",
                "claims:       1 not committed",
                $"  position 128: 8 bytes, claimed by pid {producer.Id}, alive",
                "walk:         reached the tail",
                "",
                "pending messages (2 messages, offsets within each message):",
                "position 0, 40 bytes:",
                "00000000  01 01 01 01 01 01 01 01  01 01 01 01 01 01 01 01  |................|",
                "*",
                "00000020  01 01 01 01 01 01 01 01                           |........|",
                "00000028",
                "position 96, 10 bytes:",
                "00000000  02 02 02 02 02 02 02 02  02 02                    |..........|",
                "0000000a",
                "",
            ],
            output.Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(path));

        producer.Kill(); // SIGKILL between claim and commit

        (exitCode, output, _) = ToolRun.Run("inspect", path);
        Assert.Equal(0, exitCode);
        Assert.Contains($"  position 128: 8 bytes, claimed by pid {producer.Id}, dead", output.Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path));
    }

    [LinuxFact]
    public void ARingAsJsonHasTheSameFacts()
    {
        string path = _dir.File("jobs.ring");
        using TestProcess producer = TestProcess.Start(["ring-fill", path, "4096", "bytes", .. KnownContent, "hold"]);
        Assert.Equal("holding", producer.ReadLine());
        byte[] before = File.ReadAllBytes(path);

        (int exitCode, string output, _) = ToolRun.Run("inspect", path, "--json", "-m", "1");

        Assert.Equal(0, exitCode);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(("ring", "ring", 1), (root.GetProperty("kind").GetString(), root.GetProperty("format").GetString(), root.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("problem").ValueKind);
        JsonElement ring = root.GetProperty("ring");
        Assert.Equal((4096, 496, "bytes", JsonValueKind.Null, 0, false),
            (ring.GetProperty("capacity").GetInt64(), ring.GetProperty("maxMessageLength").GetInt32(), ring.GetProperty("records").GetString(),
             ring.GetProperty("layoutHash").ValueKind, ring.GetProperty("recordSize").GetInt32(), ring.GetProperty("consumerAttached").GetBoolean()));
        Assert.Equal((0L, 0L, 152L, 152L, 3944L, 3.711),
            (ring.GetProperty("head").GetInt64(), ring.GetProperty("releasing").GetInt64(), ring.GetProperty("tail").GetInt64(),
             ring.GetProperty("usedBytes").GetInt64(), ring.GetProperty("freeBytes").GetInt64(), ring.GetProperty("fillPercent").GetDouble()));
        Assert.Equal((2L, 50L, 1L, 40L, 1L),
            (ring.GetProperty("pendingMessages").GetInt64(), ring.GetProperty("pendingMessageBytes").GetInt64(), ring.GetProperty("paddingRecords").GetInt64(),
             ring.GetProperty("paddingBytes").GetInt64(), ring.GetProperty("claimCount").GetInt64()));
        JsonElement claim = Assert.Single(ring.GetProperty("claims").EnumerateArray());
        Assert.Equal((128L, 8, producer.Id, "alive"),
            (claim.GetProperty("position").GetInt64(), claim.GetProperty("length").GetInt32(), claim.GetProperty("pid").GetInt32(), claim.GetProperty("owner").GetString()));
        JsonElement walk = ring.GetProperty("walk");
        Assert.Equal(("tail", 152L, JsonValueKind.Null), (walk.GetProperty("end").GetString(), walk.GetProperty("walkedTo").GetInt64(), walk.GetProperty("reason").ValueKind));
        JsonElement message = Assert.Single(ring.GetProperty("messages").EnumerateArray());
        Assert.Equal((0L, 40, string.Concat(Enumerable.Repeat("01", 40)), false),
            (message.GetProperty("position").GetInt64(), message.GetProperty("length").GetInt32(), message.GetProperty("data").GetString(), message.GetProperty("dataTruncated").GetBoolean()));
        Assert.False(ring.TryGetProperty("rates", out _)); // only watch has rates
        Assert.Equal((256, 0, 0, 0, JsonValueKind.Null), // a single-consumer ring: no reader table
            (ring.GetProperty("dataOffset").GetInt32(), ring.GetProperty("maxReaders").GetInt32(), ring.GetProperty("freeReaderSlots").GetInt32(),
             ring.GetProperty("readers").GetArrayLength(), ring.GetProperty("releaseLock").ValueKind));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [LinuxFact]
    public void AWrapAroundPaddingRecordAndAConsumerAttachedThenGone()
    {
        // A 512-byte ring: seven 48-byte messages (64-byte records) written and consumed leave the head
        // at 448; a 32-byte message takes 448..496; an 8-byte one needs 24 bytes, only 16 are left
        // before the end, so 16 bytes of padding go there and the message starts the next lap at 512.
        string path = _dir.File("wrap.ring");
        string[] seven = [.. Enumerable.Repeat("write:48:9", 7)];
        using TestProcess consumer = TestProcess.Start(["ring-fill", path, "512", "bytes", .. seven, "consume:7", "write:32:4", "write:8:5", "hold"]);
        Assert.Equal("holding", consumer.ReadLine());
        byte[] before = File.ReadAllBytes(path);

        (int exitCode, string output, _) = ToolRun.Run("inspect", path, "--messages", "2");

        Assert.Equal(0, exitCode);
        string[] lines = output.Split('\n');
        Assert.Equal(
            [
                "consumer:     attached",
                "head:         448 (the consumer's persisted position)",
                "releasing:    448 (no release in progress)",
                "tail:         536",
                "in use:       88 bytes (17.2%), 424 bytes free",
                "pending:      2 messages (40 bytes)",
                "padding:      1 record (16 bytes)",
                "claims:       0 not committed",
                "walk:         reached the tail",
                "",
                "pending messages (2 messages, offsets within each message):",
                "position 448, 32 bytes:",
                "00000000  04 04 04 04 04 04 04 04  04 04 04 04 04 04 04 04  |................|",
                "*",
                "00000020",
                "position 512, 8 bytes:",
                "00000000  05 05 05 05 05 05 05 05                           |........|",
                "00000008",
                "",
            ],
            lines[5..]);

        consumer.WriteLine("go");
        Assert.Equal("done", consumer.ReadLine());
        consumer.WaitForSuccess();

        (exitCode, output, _) = ToolRun.Run("inspect", path, "--json");
        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("ring").GetProperty("consumerAttached").GetBoolean());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    /// <summary>
    /// A 4096-byte broadcast ring of 4 reader slots (its records at 512, after the reader table): a
    /// 40-byte message of 0x01 at 0 (56 bytes), a 10-byte one of 0x02 at 56 (32 bytes), an 8-byte one
    /// of 0x03 at 88 (24 bytes), tail 112. "audit" read all three and is returned open; "billing" read
    /// one and was closed, so the head is 56; "gone" was registered and removed. Disposing the ring
    /// closes "audit".
    /// </summary>
    private static MappedRing BroadcastRing(string path)
    {
        var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 4096, MaxReaders = 4 });
        RingReader audit = ring.OpenReader("audit");
        using (RingReader billing = ring.OpenReader("billing"))
        {
            Assert.True(ring.TryWrite(Enumerable.Repeat((byte)1, 40).ToArray()));
            Assert.True(ring.TryWrite(Enumerable.Repeat((byte)2, 10).ToArray()));
            Assert.True(ring.TryWrite(Enumerable.Repeat((byte)3, 8).ToArray()));
            Assert.Equal(3, audit.Read((_, _) => { }));
            Assert.Equal(1, billing.Read((_, _) => { }, limit: 1));
        }
        ring.OpenReader("gone").Dispose();
        Assert.True(ring.RemoveReader("gone"));
        return ring;
    }

    [LinuxFact]
    public void ABroadcastRingShowsItsReadersTheirLagWhichIsAttachedAndWhichGatesTheProducers()
    {
        string path = _dir.File("events.ring");
        using MappedRing ring = BroadcastRing(path);
        byte[] before = File.ReadAllBytes(path);
        uint taken = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(before.AsSpan(148)); // the release lock's generation, as the file has it

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path, "--messages", "1");

        Assert.Equal((0, ""), (exitCode, errors));
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       ring, version 2",
                "length:       4608 bytes",
                "capacity:     4096 bytes (messages of up to 496 bytes)",
                "records:      bytes",
                "readers:      2 registered, 2 of 4 slots free (records at offset 512)",
                "  slot 0 'audit': position 112, 0 bytes behind (0 messages), attached",
                "  slot 1 'billing': position 56, 56 bytes behind (2 messages), not attached, gates the producers",
                $"release lock: free (taken {taken} times)",
                "head:         56 (the oldest message held: the slowest reader's position, once released)",
                "releasing:    56 (no release in progress)",
                "tail:         112",
                "in use:       56 bytes (1.4%), 4040 bytes free",
                "pending:      2 messages (18 bytes)",
                "padding:      0 records (0 bytes)",
                "claims:       0 not committed",
                "walk:         reached the tail",
                "",
                "pending messages (the first 1 of 2, offsets within each message):",
                "position 56, 10 bytes:",
                "00000000  02 02 02 02 02 02 02 02  02 02                    |..........|",
                "0000000a",
                "",
            ],
            output.Split('\n'));
        Assert.True(taken > 0, "the readers took the release lock");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [LinuxFact]
    public void ABroadcastRingAsJsonHasTheSameFacts()
    {
        string path = _dir.File("events.ring");
        using MappedRing ring = BroadcastRing(path);
        byte[] before = File.ReadAllBytes(path);
        uint taken = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(before.AsSpan(148));

        (int exitCode, string output, _) = ToolRun.Run("inspect", path, "--json");

        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        JsonElement r = json.RootElement.GetProperty("ring");
        Assert.Equal((512, 4, 2, JsonValueKind.Null),
            (r.GetProperty("dataOffset").GetInt32(), r.GetProperty("maxReaders").GetInt32(), r.GetProperty("freeReaderSlots").GetInt32(), r.GetProperty("consumerAttached").ValueKind));
        Assert.Equal((56L, 56L, 112L, 2L),
            (r.GetProperty("head").GetInt64(), r.GetProperty("releasing").GetInt64(), r.GetProperty("tail").GetInt64(), r.GetProperty("pendingMessages").GetInt64()));
        Assert.Equal(
            [(0, "audit", 112L, 0L, 0L, true, false), (1, "billing", 56L, 56L, 2L, false, true)],
            r.GetProperty("readers").EnumerateArray().Select(e => (e.GetProperty("slot").GetInt32(), e.GetProperty("name").GetString(), e.GetProperty("position").GetInt64(),
                e.GetProperty("behindBytes").GetInt64(), e.GetProperty("pendingMessages").GetInt64(), e.GetProperty("attached").GetBoolean(), e.GetProperty("gating").GetBoolean())));
        JsonElement releaseLock = r.GetProperty("releaseLock");
        Assert.Equal(("free", JsonValueKind.Null, taken),
            (releaseLock.GetProperty("holder").GetString(), releaseLock.GetProperty("slot").ValueKind, releaseLock.GetProperty("generation").GetUInt32()));
        Assert.Equal(before, File.ReadAllBytes(path));

        ring.Dispose(); // closes "audit"
        (_, output, _) = ToolRun.Run("inspect", path, "--json");
        using JsonDocument after = JsonDocument.Parse(output);
        Assert.Equal([false, false], after.RootElement.GetProperty("ring").GetProperty("readers").EnumerateArray().Select(e => e.GetProperty("attached").GetBoolean()));
    }

    [Fact]
    public void ARingOfRecordsNamesItsLayoutHashAndRecordSize()
    {
        string path = _dir.File("workers.ring");
        using (TestProcess writer = TestProcess.Start("ring-fill", path, "4096", "worker", "write:16:7"))
        {
            Assert.Equal("done", writer.ReadLine());
            writer.WaitForSuccess();
        }

        (int exitCode, string output, _) = ToolRun.Run("inspect", path);
        (int jsonExitCode, string jsonOutput, _) = ToolRun.Run("inspect", path, "--json");

        Assert.Equal((0, 0), (exitCode, jsonExitCode));
        string[] lines = output.Split('\n');
        Assert.Equal($"records:      layout hash 0x{WorkerStats.LayoutHash:X16}, record size {WorkerStats.Size} bytes", lines[4]);
        Assert.Equal("pending:      1 message (16 bytes)", lines[10]);
        using JsonDocument json = JsonDocument.Parse(jsonOutput);
        JsonElement ring = json.RootElement.GetProperty("ring");
        Assert.Equal(("layout", $"0x{WorkerStats.LayoutHash:X16}", WorkerStats.Size),
            (ring.GetProperty("records").GetString(), ring.GetProperty("layoutHash").GetString(), ring.GetProperty("recordSize").GetInt32()));
    }
}
