namespace Emmap.Tool.Reading;

/// <summary>
/// What one look at a file saw: its description (format, header fields) and, for a counters file,
/// the counter values; for a layout file, its data bytes; for a ring file, its positions and what
/// lies between its head and tail. Reused from one refresh to the next, so a
/// watch allocates nothing per refresh.
/// </summary>
internal sealed class FileSnapshot
{
    /// <summary>The most data bytes of a layout file shown.</summary>
    public const int MaxDataBytes = 4096;

    public FileSnapshot(EmmapFileDescription description, RingInspector? ringFile = null, RingInspection? ring = null)
    {
        RingFile = ringFile;
        Ring = ring;
        Description = description;
        Counters = new long[description.CountersFormat is null ? 0 : description.CounterCount];
        Data = new byte[description.Kind == EmmapFileKind.Layout && description.Problem is null ? (int)Math.Min(MaxDataBytes, description.LayoutSize) : 0];
    }

    public EmmapFileDescription Description { get; }

    /// <summary>The counter values (a counters file with a consistent header), else empty.</summary>
    public long[] Counters { get; }

    /// <summary>The first <see cref="MaxDataBytes"/> bytes of a layout file's data, else empty.</summary>
    public byte[] Data { get; }

    /// <summary>A ring file's header fields (a ring with a consistent header), else null.</summary>
    public RingInspector? RingFile { get; }

    /// <summary>A ring file's inspection (a ring with a consistent header), else null.</summary>
    public RingInspection? Ring { get; }

    /// <summary>When the values were read, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</summary>
    public long Timestamp { get; set; }

    /// <summary>When the values were read, wall clock.</summary>
    public DateTime TakenAt { get; set; }
}
