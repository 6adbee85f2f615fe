using System.Buffers.Binary;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Schemas;

/// <summary>
/// Layout files that describe themselves, in one process: a file written before schemas opens
/// unchanged; every incompatible change is refused naming the member, leaving the file unchanged; a
/// compatible change is refused without <see cref="LayoutFileOptions.AllowUpgrade"/> and upgrades the
/// file in place with it; the old layout then still opens the file; renames with a declared former
/// name are compatible.
/// </summary>
public sealed class LayoutFileEvolutionTests : IDisposable
{
    private static readonly LayoutFileOptions Upgrade = new() { AllowUpgrade = true };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewV1File(long requests = 5, int state = 3)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".layout");
        using var file = LayoutFile<EvolvingStatsV1>.Open(path);
        EvolvingStatsV1 stats = file.Layout;
        for (long i = 0; i < requests; i++)
        {
            stats.GetAndIncrementRequests();
        }
        stats.State = state;
        return path;
    }

    [Fact]
    public void AFileWrittenBeforeSchemasOpensUnchangedWithItsValues()
    {
        byte[] fixture = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "service-stats-v1.layout"));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(fixture.AsSpan(8))); // format version 1
        string path = _dir.FileWith(fixture);

        using (var file = LayoutFile<ServiceStats>.Open(path))
        {
            Assert.False(file.Created);
            Assert.Equal(64, file.DataOffset);
            ServiceStats stats = file.Layout;
            Assert.Equal((1000L, 100L, 1000, 500.0), (stats.Requests, stats.Errors, stats.State, stats.LastLatencyMs));
        }
        using (var read = LayoutFile<ServiceStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }))
        {
            Assert.Equal(1000L, read.Layout.Requests);
        }
        Assert.Equal(fixture, File.ReadAllBytes(path));

        // A version-1 file has no schema: another layout is refused by hash and size, and never upgraded.
        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<ServiceStatsV2>.Open(path, Upgrade));
        Assert.Equal([LayoutChangeKind.HashChanged], e.Changes.Select(c => c.Kind));
        Assert.Contains("format version 1, which records no schema", e.Message);
        Assert.Equal(fixture, File.ReadAllBytes(path));
    }

    public static TheoryData<string, LayoutChangeKind[], string> Incompatible() => new()
    {
        { nameof(EvolvingMoved), [LayoutChangeKind.Moved], "moved State: the file has State: Field Int32 at 8 (4 bytes), the layout has State: Field Int32 at 12 (4 bytes)" },
        { nameof(EvolvingRetyped), [LayoutChangeKind.Retyped], "retyped State: the file has State: Field Int32 at 8 (4 bytes), the layout has State: Field UInt32 at 8 (4 bytes)" },
        { nameof(EvolvingWidened), [LayoutChangeKind.Retyped, LayoutChangeKind.Resized], "resized State" },
        { nameof(EvolvingRenamed), [LayoutChangeKind.Renamed], "renamed Phase: the file has State: Field Int32 at 8 (4 bytes), the layout has Phase: Field Int32 at 8 (4 bytes)" },
        { nameof(EvolvingRekinded), [LayoutChangeKind.Retyped], "retyped Requests: the file has Requests: AtomicCounter Int64 at 0 (8 bytes), the layout has Requests: Field Int64 at 0 (8 bytes)" },
        { nameof(EvolvingSwapped), [LayoutChangeKind.Removed, LayoutChangeKind.Added], "removed State: Field Int32 at 8 (4 bytes); added Errors: AtomicCounter Int64 at 16 (8 bytes)" },
    };

    [Theory]
    [MemberData(nameof(Incompatible))]
    public void EveryIncompatibleChangeIsRefusedNamingTheMemberAndLeavesTheFileUnchanged(string layout, LayoutChangeKind[] kinds, string expected)
    {
        string path = NewV1File();
        byte[] before = File.ReadAllBytes(path);
        foreach (LayoutFileOptions options in new[] { LayoutFileOptions.Default, Upgrade, new LayoutFileOptions { Access = MapAccess.Read } })
        {
            LayoutMismatchException e = layout switch
            {
                nameof(EvolvingMoved) => Refused<EvolvingMoved>(path, options),
                nameof(EvolvingRetyped) => Refused<EvolvingRetyped>(path, options),
                nameof(EvolvingWidened) => Refused<EvolvingWidened>(path, options),
                nameof(EvolvingRenamed) => Refused<EvolvingRenamed>(path, options),
                nameof(EvolvingRekinded) => Refused<EvolvingRekinded>(path, options),
                _ => Refused<EvolvingSwapped>(path, options),
            };
            Assert.Equal(kinds, e.Changes.Select(c => c.Kind));
            Assert.Contains(expected, e.Message);
            Assert.Contains(layout, e.Message);
            Assert.Contains(path, e.Message);
            Assert.Contains("Only adding members", e.Message);
            Assert.Equal(EvolvingStatsV1.LayoutHash, e.FoundHash);
            Assert.Equal(before, File.ReadAllBytes(path));
        }
    }

    private static LayoutMismatchException Refused<T>(string path, LayoutFileOptions options) where T : struct, IMappedLayout<T> =>
        Assert.Throws<LayoutMismatchException>(() => LayoutFile<T>.Open(path, options));

    [Fact]
    public void ACompatibleChangeIsRefusedWithoutTheOptionNamingWhatItAddsAndTheFileIsUnchanged()
    {
        string path = NewV1File();
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<EvolvingStatsV2>.Open(path));

        Assert.Equal([(LayoutChangeKind.Added, "Errors"), (LayoutChangeKind.Added, "Restarts"), (LayoutChangeKind.SizeChanged, "")],
            e.Changes.Select(c => (c.Kind, c.Member)));
        Assert.All(e.Changes, c => Assert.True(c.IsCompatible));
        Assert.Contains("added Errors: AtomicCounter Int64 at 16 (8 bytes); added Restarts: AtomicCounter Int64 at 64 (8 bytes); size changed from 64 bytes to 128 bytes", e.Message);
        Assert.Contains("LayoutFileOptions.AllowUpgrade", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));

        var read = Assert.Throws<LayoutMismatchException>(() => LayoutFile<EvolvingStatsV2>.Open(path, new LayoutFileOptions { Access = MapAccess.Read, AllowUpgrade = true }));
        Assert.Contains("a read-only open cannot upgrade", read.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void WithTheOptionTheFileIsUpgradedInPlaceAndTheOldLayoutStillOpensIt()
    {
        string path = NewV1File(requests: 5, state: 3);
        long dataOffset;
        using (var old = LayoutFile<EvolvingStatsV1>.Open(path))
        {
            dataOffset = old.DataOffset;
            using (var upgraded = LayoutFile<EvolvingStatsV2>.Open(path, Upgrade))
            {
                Assert.False(upgraded.Created);
                Assert.Equal(dataOffset, upgraded.DataOffset);
                Assert.Equal(dataOffset + 128, upgraded.File.Length);
                EvolvingStatsV2 stats = upgraded.Layout;
                Assert.Equal((5L, 3, 0L, 0L), (stats.Requests, stats.State, stats.Errors, stats.Restarts));
                stats.GetAndIncrementRequests();
                stats.GetAndIncrementErrors();
                stats.GetAndIncrementRestarts();
            }

            // The process still running the old layout keeps working on the members it knows.
            EvolvingStatsV1 v1 = old.Layout;
            Assert.Equal(6L, v1.GetAndIncrementRequests());
        }

        EmmapFileDescription description = EmmapFileDescription.Read(path);
        Assert.Null(description.Problem);
        Assert.Equal(EvolvingStatsV2.LayoutHash, description.LayoutHash);
        Assert.Equal(["Requests", "State", "Errors", "Restarts"], description.Schema!.Members.Select(m => m.Name));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(24))); // the generation

        // An old layout opening the upgraded file: a subset, opened as it is, nothing written.
        byte[] before = File.ReadAllBytes(path);
        using (var old = LayoutFile<EvolvingStatsV1>.Open(path))
        {
            Assert.Equal((7L, 3), (old.Layout.Requests, old.Layout.State));
        }
        using (var fewer = LayoutFile<EvolvingRequestsOnly>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }))
        {
            Assert.Equal(7L, fewer.Layout.Requests);
        }
        Assert.Equal(before, File.ReadAllBytes(path));

        // Opening with the new layout again is exact: no second upgrade.
        using (var again = LayoutFile<EvolvingStatsV2>.Open(path, Upgrade))
        {
            Assert.Equal((7L, 1L, 1L), (again.Layout.Requests, again.Layout.Errors, again.Layout.Restarts));
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ARenameWithItsFormerNameDeclaredUpgradesAndTheOldNameStillOpens()
    {
        string path = NewV1File(requests: 2, state: 9);
        using (var v2 = LayoutFile<EvolvingStatsV2>.Open(path, Upgrade))
        {
            v2.Layout.GetAndIncrementErrors();
        }
        using (var v3 = LayoutFile<EvolvingStatsV3>.Open(path, Upgrade))
        {
            Assert.Equal((2L, 9, 1L), (v3.Layout.Requests, v3.Layout.Phase, v3.Layout.Errors));
        }
        Assert.Equal(EvolvingStatsV3.LayoutHash, EmmapFileDescription.Read(path).LayoutHash);
        byte[] before = File.ReadAllBytes(path);

        // The file now says Phase was State: the older layouts open it as a subset, writing nothing.
        using (var v2 = LayoutFile<EvolvingStatsV2>.Open(path, Upgrade))
        {
            Assert.Equal(9, v2.Layout.State);
        }
        using (var v1 = LayoutFile<EvolvingStatsV1>.Open(path))
        {
            Assert.Equal(9, v1.Layout.State);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ALayoutWrittenByHandIsNeverUpgraded()
    {
        string path = _dir.File("by-hand.layout");
        LayoutFile<TestLayout>.Open(path).Dispose();
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<LayoutMismatchException>(() => LayoutFile<TestLayoutV2>.Open(path, Upgrade));
        Assert.Equal([LayoutChangeKind.SizeChanged], e.Changes.Select(c => c.Kind));
        var renamed = Assert.Throws<LayoutMismatchException>(() => LayoutFile<TestLayoutRenamed>.Open(path, Upgrade));
        Assert.Equal([LayoutChangeKind.HashChanged], renamed.Changes.Select(c => c.Kind));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    /// <summary>A valid version-2 file of <see cref="EvolvingStatsV1"/>, changed by <paramref name="change"/>.</summary>
    private static byte[] Version2File(Action<byte[]> change)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        LayoutFile<EvolvingStatsV1>.Open(path).Dispose();
        byte[] bytes = File.ReadAllBytes(path);
        change(bytes);
        return bytes;
    }

    public static TheoryData<string, byte[], string> BadVersion2Files() => new()
    {
        { "slot size past 16 MiB", Version2File(b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 1u << 30); BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 64 + (2u << 30)); }),
            "the schema slot size is 1073741824 bytes, expected a multiple of 64 from 64 to 16777216 bytes" },
        { "header size not 64 + 2 slots", Version2File(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 128)), "the schema slot size is 1024 bytes" },
        { "reserved word", Version2File(b => b[21] = 1), "the reserved header word at byte 20 is 0x00000100" },
        { "generation points at the empty slot", Version2File(b => b[24] = 1), "the schema slot 1 (generation 1)'s magic is 0x0000000000000000, expected \"EMSCHEMA\"" },
        { "generation differs from the record's", Version2File(b => b[24] = 2), "the schema slot 0 (generation 2)'s generation is 0, expected 2 (the header's)" },
        { "schema length past the slot", Version2File(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(64 + 24), 5000)), "the schema slot 0 (generation 0)'s schema length is 5000 bytes, expected at most 984 bytes" },
        { "torn schema", Version2File(b => b[64 + 40 + 10] ^= 0xFF), "the schema slot 0 (generation 0)'s checksum is 0x" },
        { "data truncated", Version2File(b => { }).AsSpan(0, 64 + 2048 + 63).ToArray(), "the file length is 2175 bytes, expected at least 2176 bytes (header and schema slots 2112 + layout size 64, as its schema says)" },
    };

    [Theory]
    [MemberData(nameof(BadVersion2Files))]
    public void ABadVersion2FileIsAFormatErrorNamingThePathAndWhatIsWrong(string name, byte[] content, string expected)
    {
        string path = _dir.FileWith(content, name.Replace(' ', '-'));
        foreach (LayoutFileOptions options in new[] { LayoutFileOptions.Default, Upgrade, new LayoutFileOptions { Access = MapAccess.Read } })
        {
            var e = Assert.Throws<MappedFormatException>(() => LayoutFile<EvolvingStatsV2>.Open(path, options));
            Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: '{e.Message}' lacks '{expected}'");
            Assert.Contains(path, e.Message);
        }
        Assert.Equal(content, File.ReadAllBytes(path));
    }
}
