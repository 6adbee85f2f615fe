using System.Buffers.Binary;
using System.Text.Json;
using Emmap.Runtime.Tests;
using Emmap.Tests.Shared;

namespace Emmap.Tool.Tests;

/// <summary>
/// <c>emmap inspect</c> run as a process on files another process wrote: each format is named with
/// its version, counters and layout data are shown line by line and as JSON, and the file is never
/// changed.
/// </summary>
public sealed class InspectTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EmmapCountersAreListedByIndex()
    {
        string path = _dir.File("stats.counters");
        Writers.Counters(path, CountersFormat.Emmap, 3, "0=5", "2=-7");

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       emmap-counters, version 1",
                "length:       40 bytes",
                "counters:     3 (counter 0 at offset 16, one every 8 bytes)",
                "",
                "  index                value",
                "      0                    5",
                "      1                    0",
                "      2                   -7",
                "",
            ],
            output.Split('\n'));
    }

    [Fact]
    public void PaddedCountersAreNamedAndReadFromTheirSlots()
    {
        string path = _dir.File("padded.counters");
        Writers.Counters(path, CountersFormat.Padded, 2, "1=123456789012");

        (int exitCode, string output, _) = ToolRun.Run("inspect", path);

        Assert.Equal(0, exitCode);
        string[] lines = output.Split('\n');
        Assert.Equal("format:       padded-counters, version 1", lines[1]);
        Assert.Equal("length:       384 bytes", lines[2]);
        Assert.Equal("counters:     2 (counter 0 at offset 128, one every 128 bytes)", lines[3]);
        Assert.Equal("      1         123456789012", lines[7]);
    }

    [Theory]
    [InlineData(CountersFormat.Emmap, "emmap-counters", 16, 8)]
    [InlineData(CountersFormat.Padded, "padded-counters", 128, 128)]
    public void CountersAsJson(CountersFormat format, string formatName, int firstOffset, int spacing)
    {
        string path = _dir.File("json.counters");
        Writers.Counters(path, format, 4, "0=1", "3=9000000000000000000");

        (int exitCode, string output, _) = ToolRun.Run("inspect", path, "--json");

        Assert.Equal(0, exitCode);
        Assert.Single(output.TrimEnd('\n').Split('\n')); // one object, one line
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(path, root.GetProperty("path").GetString());
        Assert.Equal("counters", root.GetProperty("kind").GetString());
        Assert.Equal(formatName, root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("problem").ValueKind);
        Assert.Equal(new FileInfo(path).Length, root.GetProperty("length").GetInt64());
        JsonElement counters = root.GetProperty("counters");
        Assert.Equal(4, counters.GetProperty("count").GetInt32());
        Assert.Equal(firstOffset, counters.GetProperty("firstOffset").GetInt32());
        Assert.Equal(spacing, counters.GetProperty("spacing").GetInt32());
        Assert.Equal([1L, 0L, 0L, 9000000000000000000L], counters.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()));
        Assert.False(counters.TryGetProperty("rates", out _)); // only watch has rates
        Assert.Equal(Convert.ToHexStringLower(File.ReadAllBytes(path)[..Math.Min(64, (int)new FileInfo(path).Length)]), root.GetProperty("header").GetString());
    }

    [Fact]
    public void AVersion1LayoutFileShowsItsHeaderAndItsDataInHex()
    {
        string path = _dir.File("machine.layout");
        Writers.Machine(path);
        AsVersion1(path);

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        string[] lines = output.Split('\n');
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       layout, version 1",
                "length:       320 bytes",
                "header size:  64 bytes",
                $"layout hash:  0x{MachineStats.LayoutHash:X16}",
                "layout size:  256 bytes",
                "members:      not recorded in this file (its format version carries no schema); the data follows in hex",
                "",
                "data (256 bytes at offset 64):",
                // Requests 50 at 0, State Running (1) at 8
                "00000040  32 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  |2...............|",
                // Temperature 40.0 at 16, LatencyBuckets [1, 2] at 24
                "00000050  00 00 00 00 00 00 44 40  01 00 00 00 02 00 00 00  |......D@........|",
                // LatencyBuckets [3, 4] at 32, History [Idle, Failed] at 40
                "00000060  03 00 00 00 04 00 00 00  00 03 00 00 00 00 00 00  |................|",
                "00000070  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                // Errors 7 at 64, Leader.Jobs 5 at 72
                "00000080  07 00 00 00 00 00 00 00  05 00 00 00 00 00 00 00  |................|",
                // Leader.State Draining (2) at 80, Leader.Load 0.25f at 84
                "00000090  02 00 00 00 00 00 80 3e  00 00 00 00 00 00 00 00  |.......>........|",
                "000000a0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "*",
                // Workers[0].Jobs 11 at 128; Workers[1].Jobs 14 at 144, its State Failed (3) at 152
                "000000c0  0b 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "000000d0  0e 00 00 00 00 00 00 00  03 00 00 00 00 00 00 00  |................|",
                "000000e0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "*",
                "00000140",
                "",
            ],
            lines);
    }

    /// <summary>Rewrites a layout file as format version 1 would have written it: a 64-byte header with the hash and size, then the same data.</summary>
    private static void AsVersion1(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12));
        byte[] header = new byte[64];
        "EMLAYOUT"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), 64);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), MachineStats.LayoutHash);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), (ulong)MachineStats.Size);
        File.WriteAllBytes(path, [.. header, .. file[dataOffset..(dataOffset + MachineStats.Size)]]);
    }

    [Fact]
    public void ALayoutFileListsItsMembersAndTheirValuesFromItsSchema()
    {
        string path = _dir.File("machine.layout");
        Writers.Machine(path);
        int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(path).AsSpan(12));

        (int exitCode, string output, string errors) = ToolRun.Run("inspect", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        string[] lines = output.Split('\n');
        Assert.Equal(
            [
                $"file:         {path}",
                "format:       layout, version 2",
                $"length:       {dataOffset + 256} bytes",
                $"header size:  {dataOffset} bytes",
                $"layout hash:  0x{MachineStats.LayoutHash:X16}",
                "layout size:  256 bytes",
                "members:      8 (from the file's schema; 15 values)",
                "",
                "  member            type                                             offset  value",
                "  Requests          AtomicCounter Int64                                   0  50",
                "  State             Field Emmap.Tests.Shared.MachineState (Byte)          8  1",
                "  Temperature       Field Double                                         16  40",
                "  LatencyBuckets    Array Int32[4]                                       24  [1, 2, 3, 4]",
                "  History           Array Emmap.Tests.Shared.MachineState (Byte)[2]      40  [0, 3]",
                "  Errors            AtomicCounter Int64                                  64  7",
                "  Leader.Jobs       AtomicCounter Int64                                  72  5",
                "  Leader.State      Field Emmap.Tests.Shared.MachineState (Byte)         80  2",
                "  Leader.Load       Field Single                                         84  0.25",
                "  Workers[0].Jobs   AtomicCounter Int64                                 128  11",
                "  Workers[0].State  Field Emmap.Tests.Shared.MachineState (Byte)        136  0",
                "  Workers[0].Load   Field Single                                        140  0",
                "  Workers[1].Jobs   AtomicCounter Int64                                 144  14",
                "  Workers[1].State  Field Emmap.Tests.Shared.MachineState (Byte)        152  3",
                "  Workers[1].Load   Field Single                                        156  0",
                "",
                $"data (256 bytes at offset {dataOffset}):",
            ],
            lines[..26]);
    }

    [Fact]
    public void LayoutFileAsJson()
    {
        string path = _dir.File("machine.layout");
        Writers.Machine(path);
        int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(path).AsSpan(12));

        (int exitCode, string output, _) = ToolRun.Run("inspect", "--json", path);

        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("layout", root.GetProperty("kind").GetString());
        Assert.Equal("layout", root.GetProperty("format").GetString());
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        JsonElement layout = root.GetProperty("layout");
        Assert.Equal(dataOffset, layout.GetProperty("headerSize").GetInt32());
        Assert.Equal($"0x{MachineStats.LayoutHash:X16}", layout.GetProperty("hash").GetString());
        Assert.Equal(MachineStats.Size, layout.GetProperty("size").GetInt32());
        JsonElement[] members = [.. layout.GetProperty("members").EnumerateArray()];
        Assert.Equal(15, members.Length);
        Assert.Equal(("Workers[1].State", "Field", "Emmap.Tests.Shared.MachineState (Byte)", 152, 1, "3"),
            (members[13].GetProperty("name").GetString(), members[13].GetProperty("kind").GetString(), members[13].GetProperty("type").GetString(),
             members[13].GetProperty("offset").GetInt32(), members[13].GetProperty("size").GetInt32(), members[13].GetProperty("value").GetString()));
        Assert.Equal(dataOffset, layout.GetProperty("dataOffset").GetInt32());
        Assert.False(layout.GetProperty("dataTruncated").GetBoolean());
        byte[] data = Convert.FromHexString(layout.GetProperty("data").GetString()!);
        Assert.Equal(File.ReadAllBytes(path)[dataOffset..(dataOffset + 256)], data);
        Assert.Equal(50, BinaryPrimitives.ReadInt64LittleEndian(data));
        Assert.Equal(40.0, BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(16)));
        Assert.Equal((byte)MachineState.Failed, data[152]);
    }

    [Fact]
    public void AVersion1LayoutFileAsJsonHasNoMembers()
    {
        string path = _dir.File("machine.layout");
        Writers.Machine(path);
        AsVersion1(path);

        (int exitCode, string output, _) = ToolRun.Run("inspect", "--json", path);

        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        JsonElement layout = json.RootElement.GetProperty("layout");
        Assert.Equal(JsonValueKind.Null, layout.GetProperty("members").ValueKind);
        Assert.Equal(64, layout.GetProperty("dataOffset").GetInt32());
    }

    [UnixFact]
    public void InspectingChangesNothingAndNeedsOnlyReadPermission()
    {
        string path = _dir.File("readonly.counters");
        Writers.Counters(path, CountersFormat.Emmap, 2, "1=3");
        if (!OperatingSystem.IsWindows()) // always true: [UnixFact]; tells the platform analyzer
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }
        byte[] before = File.ReadAllBytes(path);
        DateTime modified = File.GetLastWriteTimeUtc(path);
        string[] entries = Directory.GetFileSystemEntries(_dir.Path);

        (int exitCode, string output, _) = ToolRun.Run("inspect", path);
        (int jsonExitCode, _, _) = ToolRun.Run("inspect", "--json", path);

        Assert.Equal((0, 0), (exitCode, jsonExitCode));
        Assert.Contains("      1                    3", output.Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path));
        Assert.Equal(entries, Directory.GetFileSystemEntries(_dir.Path)); // no file created beside it
    }
}
