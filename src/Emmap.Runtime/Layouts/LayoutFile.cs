namespace Emmap;

/// <summary>
/// A file that holds one <typeparamref name="T"/> behind a header, opened as that layout in one
/// call: the way processes on one host share typed state.
/// </summary>
/// <typeparam name="T">The layout, usually a <see cref="MappedLayoutAttribute"/> struct.</typeparam>
/// <remarks>
/// <para>The file starts with a 64-byte header (magic <c>EMLAYOUT</c>, format version, header size,
/// schema slot size and generation), then two slots holding the layout's schema (every member's
/// name, kind, type, offset and size; <see cref="LayoutSchema"/>), and the layout's data begins at
/// the header size, a 64-byte boundary that never moves (see <c>docs/file-formats.md</c>).</para>
/// <para><b>Creating.</b> A new file is written complete, header and schema included, beside its path
/// and then linked into place, so a process that opens the path while another creates it sees either
/// no file or a complete one, and of several processes creating the same path at once exactly one
/// creates it (<see cref="Created"/>) and all open that one file. The data of a new file is zero.</para>
/// <para><b>Opening.</b> An existing file's header and schema are checked before the layout is bound.
/// A file whose schema this layout does not match throws <see cref="LayoutMismatchException"/>, naming
/// every member that changed; a file whose layout is this one plus members it does not know (an
/// older layout opening an upgraded file) opens as it is; a file holding an earlier layout that this
/// one only extends is upgraded in place with <see cref="LayoutFileOptions.AllowUpgrade"/>, refused
/// without it (<c>docs/layouts.md</c>, "Evolving a layout"). A file that is not a layout file, has an
/// unknown version, is truncated or has a corrupt header or schema throws
/// <see cref="MappedFormatException"/>. Files of format version 1 (no schema) open with the layout
/// whose hash and size they carry. Except for an upgrade, the file is left unchanged.</para>
/// <para><b>Lifetime.</b> <see cref="Layout"/> is bound once, when the file is opened; its accessors do
/// no bounds checks. After <see cref="Dispose"/> every member of this object throws
/// <see cref="ObjectDisposedException"/>, and so does every accessor of a <see cref="Layout"/> view
/// taken earlier.</para>
/// </remarks>
/// <example>
/// <code>
/// using var file = LayoutFile&lt;ServiceStats&gt;.Open("/run/myservice/stats");
/// ServiceStats stats = file.Layout; // a copy of the view, not of the data
/// stats.GetAndIncrementRequests();
/// stats.State = 2;
/// </code>
/// </example>
public sealed partial class LayoutFile<T> : IDisposable where T : struct, IMappedLayout<T>
{
    private readonly MappedFile _file;
    private readonly T _layout;
    private readonly long _dataOffset;
    private readonly bool _created;

    private LayoutFile(MappedFile file, T layout, long dataOffset, bool created)
    {
        _file = file;
        _layout = layout;
        _dataOffset = dataOffset;
        _created = created;
    }

    /// <summary>
    /// Opens the layout file at <paramref name="path"/>, creating it (header and zeroed data) when it
    /// does not exist and <see cref="LayoutFileOptions.CreateIfMissing"/> is set (the default).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to open it; <see langword="null"/> for the defaults (read-write, create if missing, mode <c>0600</c>).</param>
    /// <returns>The open file, its layout bound.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <typeparamref name="T"/> reports a negative size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist and may not be created.</exception>
    /// <exception cref="LayoutMismatchException">The file was written by a layout this one cannot open (its message and <see cref="LayoutMismatchException.Changes"/> name every change), or by an earlier version this one extends and <see cref="LayoutFileOptions.AllowUpgrade"/> is not set.</exception>
    /// <exception cref="MappedFormatException">The file is not a layout file, has an unknown format version, is truncated, or its header or schema is corrupt.</exception>
    /// <exception cref="PlatformNotSupportedException">An upgrade was needed and allowed, but this platform has no open-file-description locks (Linux has).</exception>
    /// <exception cref="UnauthorizedAccessException">Access to the file or its directory is denied.</exception>
    public static LayoutFile<T> Open(string path, LayoutFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= LayoutFileOptions.Default;
        options.Validate();
        if (T.Size < 0)
        {
            throw new ArgumentException($"The layout {typeof(T).Name} reports a size of {T.Size} bytes; a layout's size must be 0 or more.", nameof(T));
        }
        var expected = new Expected(typeof(T).Name, T.LayoutHash, T.Size, T.Schema.IsEmpty ? new LayoutSchema(T.Size, []).ToBytes() : T.Schema.ToArray());
        var mapOptions = new MapOptions { Access = options.Access, Populate = options.Populate, RefuseSymlinks = options.RefuseSymlinks };
        for (int attempt = 0; ; attempt++)
        {
            // PublishedFile checks the header before mapping and again on the mapped bytes; the schema
            // (version 2) is read from the mapping, which is what the layout is bound to.
            HeaderValidator validate = (p, header, length) => LayoutFileHeader.Validate(p, header, length, expected.Name, expected.Hash, expected.Size);
            (MappedFile file, bool created) = options.CreateIfMissing && options.Access == MapAccess.ReadWrite
                ? PublishedFile.OpenOrCreate(path, expected.CreateLength, options.CreateMode, LayoutFileHeader.Length, expected.Initialize, validate, mapOptions)
                : (PublishedFile.OpenExisting(path, LayoutFileHeader.Length, validate, mapOptions), false);
            try
            {
                if (Check(file, expected, options, attempt) is long dataOffset)
                {
                    return new LayoutFile<T>(file, file.Bind<T>(dataOffset), dataOffset, created);
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }
            // Upgraded, or grown by another process's upgrade since it was mapped: map it again.
            file.Dispose();
        }
    }

    /// <summary>
    /// The layout's view over the file's data, bound once when the file was opened. The view is a
    /// small handle: copy it into a local or field to set its properties
    /// (<c>var stats = file.Layout; stats.State = 2;</c>); every copy reads and writes the same bytes.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public T Layout
    {
        get
        {
            ThrowIfDisposed();
            return _layout;
        }
    }

    /// <summary>
    /// The underlying mapping, header included: position 0 is the file's first header byte, and the
    /// layout starts at <see cref="DataOffset"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public MappedFile File
    {
        get
        {
            ThrowIfDisposed();
            return _file;
        }
    }

    /// <summary>The full path of the file.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public string Path => File.Path!;

    /// <summary>Whether this call created the file (<see langword="false"/> when it opened an existing one, including one another process created at the same moment).</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public bool Created
    {
        get
        {
            ThrowIfDisposed();
            return _created;
        }
    }

    /// <summary>The position in the file where the layout's data begins: the header size, a multiple of 64.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public long DataOffset
    {
        get
        {
            ThrowIfDisposed();
            return _dataOffset;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has run. The one member that does not throw afterwards.</summary>
    public bool IsDisposed => _file.IsDisposed;

    /// <summary>Writes the file's dirty pages to disk and waits for the write; a no-op for a read-only file.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public void Flush() => File.Flush();

    /// <summary>
    /// Unmaps and closes the file (the mapping stays until views of it are unreachable). Idempotent;
    /// every other member, and every accessor of <see cref="Layout"/>, throws
    /// <see cref="ObjectDisposedException"/> afterwards.
    /// </summary>
    public void Dispose() => _file.Dispose();

    private void ThrowIfDisposed()
    {
        if (_file.IsDisposed)
        {
            throw new ObjectDisposedException($"LayoutFile<{typeof(T).Name}>", "The layout file has been disposed.");
        }
    }
}
