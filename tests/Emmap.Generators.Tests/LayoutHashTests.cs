using System.Globalization;
using System.Text.RegularExpressions;
using Emmap.Generators.Tests.Infrastructure;

namespace Emmap.Generators.Tests;

/// <summary>
/// <c>LayoutHash</c> is what two processes compare to agree on a layout: stable across
/// compilations and machines, different for any change to a member's name, type, offset or length.
/// </summary>
public partial class LayoutHashTests
{
    /// <summary>
    /// The README's ServiceStats. The hash's canonical text is part of the file format (see
    /// <c>CanonicalText</c> and docs/file-formats.md): a change of this number means every existing
    /// layout file stops opening, so change it only on purpose, with a format version bump.
    /// </summary>
    private const ulong ServiceStatsGolden = 0x4652CDB0571189DFUL;

    private const string Layout = """
        using Emmap;

        namespace Demo;

        [MappedLayout(Size = 64)]
        internal partial struct Probe
        {
            [AtomicCounter(0)] public partial long Hits { get; }
            [Field(8)] public partial int State { get; set; }
            [Field(16, Length = 4)] public partial MappedArray<short> Recent { get; }
        }
        """;

    [Fact]
    public void ServiceStatsHashIsPinned()
    {
        Assert.Equal(ServiceStatsGolden, HashOf(Sources.ServiceStats, "Demo.ServiceStats.g.cs"));
        Assert.Equal(ServiceStatsGolden, Layouts.ServiceStats.LayoutHash);
    }

    [Fact]
    public void HashIsStableAcrossSeparateCompilations()
    {
        ulong first = HashOf(Layout);
        ulong second = HashOf(Layout);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("long Hits", "long Misses")]                 // a member's name
    [InlineData("State { get; set; }", "Mode { get; set; }")]  // another member's name
    [InlineData("int State", "uint State")]                  // a member's type
    [InlineData("long Hits", "ulong Hits")]                  // a counter's type
    [InlineData("MappedArray<short>", "MappedArray<ushort>")] // an array's element type
    [InlineData("[Field(8)]", "[Field(12)]")]                // a member's offset
    [InlineData("[AtomicCounter(0)]", "[AtomicCounter(56)]")] // a counter's offset
    [InlineData("Length = 4", "Length = 3")]                  // an array's length
    [InlineData("Size = 64", "Size = 128")]                  // the layout's size
    [InlineData("[Field(8)] public partial int State { get; set; }", "[AtomicCounter(8)] public partial int State { get; }")] // field to counter
    public void HashChangesWithAnyMemberChange(string original, string changed)
    {
        Assert.Contains(original, Layout);
        Assert.NotEqual(HashOf(Layout), HashOf(Layout.Replace(original, changed)));
    }

    private const string CounterArrayLayout = """
        using Emmap;

        namespace Demo;

        [MappedLayout(Size = 512)]
        internal partial struct Probe
        {
            [AtomicCounter(0, Length = 4, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
            [Field(256)] public partial int State { get; set; }
        }
        """;

    [Theory]
    [InlineData("PerWorker", "PerShard")]                      // the array's name
    [InlineData("AtomicCounterArray<long>", "AtomicCounterArray<ulong>")] // its element type
    [InlineData("Length = 4", "Length = 3")]                   // its length
    [InlineData("Stride = 64", "Stride = 32")]                 // its stride
    [InlineData("[AtomicCounter(0,", "[AtomicCounter(8,")]     // its offset
    public void CounterArrayHashChangesWithAnyChange(string original, string changed)
    {
        Assert.Contains(original, CounterArrayLayout);
        Assert.NotEqual(HashOf(CounterArrayLayout), HashOf(CounterArrayLayout.Replace(original, changed)));
    }

    [Fact]
    public void ACounterArrayIsSpelledUnlikeAnyOtherMember()
    {
        // The same bytes as a packed counter array, declared as a MappedArray of longs or as four counters.
        string packed = CounterArrayLayout.Replace(", Stride = 64", string.Empty);
        string mappedArray = packed.Replace("[AtomicCounter(0, Length = 4)] public partial AtomicCounterArray<long> PerWorker { get; }",
            "[Field(0, Length = 4)] public partial MappedArray<long> PerWorker { get; }");
        Assert.NotEqual(packed, mappedArray);
        Assert.NotEqual(HashOf(packed), HashOf(mappedArray));
        // A stride written as the element size is the default: the same bytes, the same hash.
        Assert.Equal(HashOf(packed), HashOf(CounterArrayLayout.Replace("Stride = 64", "Stride = 8")));
    }

    [Theory]
    [InlineData("internal partial struct Probe", "internal partial struct Renamed")] // the struct's name
    [InlineData("namespace Demo;", "namespace Elsewhere;")]                          // its namespace
    public void HashIgnoresWhatDoesNotChangeTheBytes(string original, string changed)
    {
        string edited = Layout.Replace(original, changed);
        Assert.NotEqual(Layout, edited);
        Assert.Equal(HashOf(Layout), HashOf(edited));
    }

    [Fact]
    public void HashIgnoresDeclarationOrder()
    {
        const string reordered = """
            using Emmap;

            namespace Demo;

            [MappedLayout(Size = 64)]
            internal partial struct Probe
            {
                [Field(16, Length = 4)] public partial MappedArray<short> Recent { get; }
                [Field(8)] public partial int State { get; set; }
                [AtomicCounter(0)] public partial long Hits { get; }
            }
            """;
        Assert.Equal(HashOf(Layout), HashOf(reordered));
    }

    private static ulong HashOf(string source, string? hintName = null)
    {
        IReadOnlyDictionary<string, string> generated = TestCompilation.Run(source).Sources;
        string text = hintName is null ? generated.Single(s => !s.Key.EndsWith(".Snapshot.g.cs", StringComparison.Ordinal)).Value : generated[hintName];
        Match match = HashPattern().Match(text);
        Assert.True(match.Success, "no LayoutHash in the generated source");
        return ulong.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"LayoutHash => 0x([0-9A-F]{16})UL;")]
    private static partial Regex HashPattern();
}
