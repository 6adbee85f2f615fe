using BenchmarkDotNet.Attributes;

namespace Emmap.Benchmarks;

/// <summary>
/// What a layout file's schema costs at open (not a hot path: a process opens its file once):
/// <see cref="LayoutFile{T}.Open"/> of an existing file of format version 1 (header hash and size
/// compared; the baseline) against version 2 (the schema slot read, its checksum and the schema
/// checked, then compared byte for byte with the layout's), and version 2 opened by a layout that
/// is a subset of the file's (the member-by-member comparison runs).
/// </summary>
[BenchmarkCategory("layout-open")]
public class LayoutOpenBenchmarks
{
    private string _directory = null!;
    private string _version1 = null!;
    private string _version2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("emmap-open-bench-").FullName;
        _version1 = Path.Combine(_directory, "v1.layout");
        _version2 = Path.Combine(_directory, "v2.layout");
        byte[] header = new byte[LayoutFileHeader.Length];
        LayoutFileHeader.WriteVersion1(header, BenchStats.LayoutHash, BenchStats.Size);
        File.WriteAllBytes(_version1, [.. header, .. new byte[BenchStats.Size]]);
        LayoutFile<BenchStats>.Open(_version2).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public long Open_Version1()
    {
        using var file = LayoutFile<BenchStats>.Open(_version1);
        return file.Layout.Requests;
    }

    [Benchmark]
    public long Open_Version2()
    {
        using var file = LayoutFile<BenchStats>.Open(_version2);
        return file.Layout.Requests;
    }

    [Benchmark]
    public long Open_Version2_Subset()
    {
        using var file = LayoutFile<BenchRequestsOnly>.Open(_version2);
        return file.Layout.Requests;
    }
}

/// <summary>Only <see cref="BenchStats.Requests"/>: a subset of <see cref="BenchStats"/>, for <see cref="LayoutOpenBenchmarks"/>.</summary>
[MappedLayout(Size = 64)]
public partial struct BenchRequestsOnly
{
    [AtomicCounter(0)] public partial long Requests { get; }
}
