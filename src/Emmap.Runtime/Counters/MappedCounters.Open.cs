namespace Emmap;

// Opening counters files: create-or-open with a count and format, or open whatever an existing
// file holds; both validate the header before mapping and never change a file they refuse.
public sealed unsafe partial class MappedCounters
{
    /// <summary>
    /// Opens the counters file at <paramref name="path"/>, creating it with <paramref name="count"/>
    /// zeroed counters when it does not exist (emmap's <c>open_counters/2</c>). A new file appears
    /// complete, header included, or not at all: another process opening it meanwhile never sees half
    /// a header, and processes creating it at once all end up with the same one file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="count">The number of counters, 1 to <see cref="MaxCount"/>. An existing file must hold exactly this many.</param>
    /// <param name="format">
    /// The format of a new file. An existing file must be in this format: opening a file of the other
    /// format throws (use <see cref="OpenExisting"/> to follow whatever the file is).
    /// </param>
    /// <param name="createMode">The Unix permissions of a new file (default <c>0600</c>; the umask applies). Ignored on Windows.</param>
    /// <param name="refuseSymlinks">
    /// Refuse to open the path when it is a symbolic link (an <see cref="IOException"/> naming the
    /// path), as <see cref="MapOptions.RefuseSymlinks"/> does. A new file is never created through a
    /// link, with or without this.
    /// </param>
    /// <returns>The open counters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="format"/> is out of range; nothing is touched.</exception>
    /// <exception cref="MappedFormatException">
    /// The existing file is not a counters file, or holds another count or format, or has the wrong
    /// length. The message names what was found and what was expected; the file is left unchanged
    /// (emmap re-zeroes a file of the right size whose header it does not recognise; Emmap never does).
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not writable.</exception>
    public static MappedCounters Open(string path, int count, CountersFormat format = CountersFormat.Emmap, UnixFileMode createMode = DefaultCreateMode, bool refuseSymlinks = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckCount(count);
        if (format is not (CountersFormat.Emmap or CountersFormat.Padded))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, $"Format {format} is not a CountersFormat value ({CountersFormat.Emmap} or {CountersFormat.Padded}).");
        }
        RequireLittleEndian();
        var layout = new CountersLayout(format, count);
        (MappedFile file, bool created) = PublishedFile.OpenOrCreate(path, layout.FileLength, createMode, CountersHeader.ValidatedLength,
            file => CountersHeader.Write(file, layout),
            (p, header, length) => CountersHeader.Validate(p, header, length, layout),
            new MapOptions { RefuseSymlinks = refuseSymlinks });
        return new MappedCounters(file, layout, created);
    }

    /// <summary>
    /// Opens an existing counters file of either format, taking its count and format from its header;
    /// never creates or changes a file. With <see cref="MapAccess.Read"/> it suits a process that only
    /// watches the counters (an exporter, a dashboard): it sees every change at once, and the
    /// read-modify-write members throw <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="access">Read-write (the default) or read-only.</param>
    /// <param name="refuseSymlinks">Refuse to open the path when it is a symbolic link (an <see cref="IOException"/> naming the path).</param>
    /// <returns>The open counters.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="MappedFormatException">The file is not a well-formed counters file; it is left unchanged.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="access"/> is not a <see cref="MapAccess"/> value.</exception>
    public static MappedCounters OpenExisting(string path, MapAccess access = MapAccess.ReadWrite, bool refuseSymlinks = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (access is not (MapAccess.Read or MapAccess.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(access), access, $"Access {access} is not a MapAccess value ({MapAccess.Read} or {MapAccess.ReadWrite}).");
        }
        RequireLittleEndian();
        CountersLayout found = default;
        MappedFile file = PublishedFile.OpenExisting(path, CountersHeader.ValidatedLength,
            (p, header, length) => found = CountersHeader.Validate(p, header, length, expected: null),
            new MapOptions { Access = access, RefuseSymlinks = refuseSymlinks });
        return new MappedCounters(file, found, created: false);
    }

    private static void CheckCount(int count)
    {
        if (count < 1 || count > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Count {count} is out of range: a counters file holds 1 to {MaxCount} counters.");
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Counters files hold little-endian integers and are updated in place with the CPU's atomics; this CPU is big-endian.");
        }
    }
}
