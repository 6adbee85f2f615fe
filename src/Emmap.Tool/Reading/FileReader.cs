using System.Diagnostics;

namespace Emmap.Tool.Reading;

/// <summary>
/// Reads a file for <c>inspect</c> and <c>watch</c>, read-only: the runtime's
/// <see cref="EmmapFileDescription"/> says what it is (and refuses FIFOs, directories and other
/// non-regular files without blocking); a counters file is then opened with
/// <see cref="MappedCounters.OpenExisting"/> read-only and a layout file mapped read-only, so each
/// refresh is a pass over shared memory, not a read of the file.
/// </summary>
internal sealed class FileReader : IDisposable
{
    private readonly MappedCounters? _counters;
    private readonly MappedFile? _layout;

    private FileReader(EmmapFileDescription description, MappedCounters? counters, MappedFile? layout)
    {
        Description = description;
        _counters = counters;
        _layout = layout;
    }

    public EmmapFileDescription Description { get; }

    /// <summary>Opens <paramref name="path"/> read-only; throws what <see cref="EmmapFileDescription.Read"/> and the openers throw.</summary>
    public static FileReader Open(string path)
    {
        EmmapFileDescription description = EmmapFileDescription.Read(path);
        if (description.Problem is not null)
        {
            return new FileReader(description, null, null);
        }
        return description.Kind switch
        {
            EmmapFileKind.Counters => new FileReader(description, MappedCounters.OpenExisting(description.Path, MapAccess.Read), null),
            EmmapFileKind.Layout when description.LayoutSize > 0 =>
                new FileReader(description, null, MappedFile.Open(description.Path, new MapOptions { Access = MapAccess.Read, FixedSize = true })),
            _ => new FileReader(description, null, null),
        };
    }

    /// <summary>A snapshot this reader can fill.</summary>
    public FileSnapshot NewSnapshot() => new(Description);

    /// <summary>Reads the current values into <paramref name="snapshot"/>; allocates nothing.</summary>
    public void Read(FileSnapshot snapshot)
    {
        snapshot.Timestamp = Stopwatch.GetTimestamp();
        snapshot.TakenAt = DateTime.UtcNow;
        long[] values = snapshot.Counters;
        if (_counters is not null)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = _counters.ReadVolatile(i);
            }
        }
        if (_layout is not null && snapshot.Data.Length > 0)
        {
            _layout.ReadAt(Description.DataOffset, snapshot.Data);
        }
    }

    public void Dispose()
    {
        _counters?.Dispose();
        _layout?.Dispose();
    }
}
