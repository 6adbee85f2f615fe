using System.Diagnostics;

namespace Emmap.Tool.Reading;

/// <summary>
/// Reads a file for <c>inspect</c> and <c>watch</c>, read-only: the runtime's
/// <see cref="EmmapFileDescription"/> says what it is (and refuses FIFOs, directories and other
/// non-regular files without blocking); a counters file is then opened with
/// <see cref="MappedCounters.OpenExisting"/> read-only, a layout file mapped read-only, and a ring
/// file looked into with <see cref="RingInspector"/> (mapped read-only, its records walked without a
/// write), so each refresh is a pass over shared memory, not a read of the file.
/// </summary>
internal sealed class FileReader : IDisposable
{
    private readonly MappedCounters? _counters;
    private readonly MappedFile? _layout;
    private readonly RingInspector? _ring;
    private readonly int _ringMessages;

    private FileReader(EmmapFileDescription description, MappedCounters? counters = null, MappedFile? layout = null, RingInspector? ring = null, int ringMessages = 0)
    {
        Description = description;
        _counters = counters;
        _layout = layout;
        _ring = ring;
        _ringMessages = ringMessages;
    }

    public EmmapFileDescription Description { get; }

    /// <summary>
    /// Opens <paramref name="path"/> read-only; throws what <see cref="EmmapFileDescription.Read"/> and
    /// the openers throw. For a ring, each read copies its first <paramref name="ringMessages"/> pending messages.
    /// </summary>
    public static FileReader Open(string path, int ringMessages = 0)
    {
        EmmapFileDescription description = EmmapFileDescription.Read(path);
        if (description.Problem is not null)
        {
            return new FileReader(description);
        }
        return description.Kind switch
        {
            EmmapFileKind.Counters => new FileReader(description, counters: MappedCounters.OpenExisting(description.Path, MapAccess.Read)),
            EmmapFileKind.Layout when description.LayoutSize > 0 =>
                new FileReader(description, layout: MappedFile.Open(description.Path, new MapOptions { Access = MapAccess.Read, FixedSize = true })),
            EmmapFileKind.Ring => new FileReader(description, ring: RingInspector.Open(description.Path), ringMessages: ringMessages),
            _ => new FileReader(description),
        };
    }

    /// <summary>A snapshot this reader can fill.</summary>
    public FileSnapshot NewSnapshot() => new(Description, _ring, _ring is null ? null : new RingInspection(_ringMessages));

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
        if (_ring is not null && snapshot.Ring is not null)
        {
            _ring.Read(snapshot.Ring);
        }
    }

    public void Dispose()
    {
        _counters?.Dispose();
        _layout?.Dispose();
        _ring?.Dispose();
    }
}
