namespace Emmap.Runtime.Tests.Waiting;

/// <summary>A field written in a hot loop that nobody waits on: <c>[Field(offset, Waitable = false)]</c>.</summary>
[MappedLayout(Size = 16)]
public partial struct QuietStats
{
    /// <summary>Opted out of waits.</summary>
    [Field(0, Waitable = false)] public partial long LastSeen { get; set; }

    /// <summary>Waitable, as every field is by default.</summary>
    [Field(8)] public partial long Watched { get; set; }
}

/// <summary>What <c>Waitable = false</c> removes (the waits) and what it keeps (the store, its checks).</summary>
public sealed class WaitableFieldTests
{
    [Fact]
    public void A_field_that_is_not_waitable_gets_no_waits_and_its_setter_still_stores_and_refuses_read_only_files()
    {
        string[] methods = typeof(QuietStats).GetMethods().Select(m => m.Name).ToArray();
        Assert.Contains("WaitForWatchedChange", methods);
        Assert.DoesNotContain(methods, m => m.StartsWith("Wait", StringComparison.Ordinal) && m.Contains("LastSeen", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.StartsWith("Wait", StringComparison.Ordinal) && m.Contains("Watched", StringComparison.Ordinal));

        using var dir = new TempDirectory();
        string path = dir.File("quiet.layout");
        using (var file = LayoutFile<QuietStats>.Open(path))
        {
            QuietStats stats = file.Layout;
            stats.LastSeen = 42;
            stats.Watched = 7;
            Assert.Equal(42, stats.LastSeen);
            Assert.Equal(7, stats.Watched);
        }
        byte[] before = File.ReadAllBytes(path);
        using (var readOnly = LayoutFile<QuietStats>.Open(path, new LayoutFileOptions { Access = MapAccess.Read }))
        {
            QuietStats stats = readOnly.Layout;
            var e = Assert.Throws<UnauthorizedAccessException>(() => stats.LastSeen = 1);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Equal(42, stats.LastSeen);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
