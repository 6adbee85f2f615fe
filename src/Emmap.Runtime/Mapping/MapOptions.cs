namespace Emmap;

/// <summary>
/// How <see cref="MappedFile.Open(string, MapOptions?)"/> opens and maps a file: the .NET form of
/// emmap's option list. Every property is optional; <c>new MapOptions()</c> maps an existing file
/// read-write and shared, whole.
/// </summary>
public sealed class MapOptions
{
    /// <summary>The default growth step: 64 MiB.</summary>
    public const long DefaultGrowthStep = 64L * 1024 * 1024;

    internal static readonly MapOptions Default = new();

    /// <summary>Read, or read-write (the default).</summary>
    public MapAccess Access { get; init; } = MapAccess.ReadWrite;

    /// <summary>Shared (the default: writes reach the file and other processes) or private copy-on-write.</summary>
    public MapSharing Sharing { get; init; } = MapSharing.Shared;

    /// <summary>
    /// Create the file when it does not exist (needs <see cref="MapAccess.ReadWrite"/> and a
    /// <see cref="Length"/>). The file is created exclusively (<c>O_EXCL</c>), so of two processes
    /// creating it at once exactly one sees <see cref="MappedFile.Created"/>; the other opens it.
    /// </summary>
    public bool Create { get; init; }

    /// <summary>Empty an existing file first, then size it to <see cref="Offset"/> + <see cref="Length"/> (needs read-write and a length).</summary>
    public bool Truncate { get; init; }

    /// <summary>
    /// The number of bytes to map, from <see cref="Offset"/>; at least 1. When <see langword="null"/>
    /// (the default) the mapping runs to the end of the file.
    /// </summary>
    public long? Length { get; init; }

    /// <summary>The file position that becomes the mapping's position 0 (default 0); need not be page-aligned.</summary>
    public long Offset { get; init; }

    /// <summary>
    /// Reconcile the file's size with <see cref="Length"/>: a smaller file grows to
    /// <see cref="Offset"/> + <see cref="Length"/>; a larger one is mapped whole (the mapping takes
    /// the file's size). Without it, a non-empty file too small for the requested length is an
    /// error (a new, truncated or empty file is always sized to the length).
    /// </summary>
    public bool Fit { get; init; }

    /// <summary>
    /// The Unix permissions of a file this call creates (default <c>0600</c>, owner read and write;
    /// the process umask still applies). Ignored on Windows.
    /// </summary>
    public UnixFileMode CreateMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Delete the file when the <see cref="MappedFile"/> is disposed, but only if this handle created it.</summary>
    public bool DeleteOnClose { get; init; }

    /// <summary>Never grow: a write past the end throws instead of growing the file and the mapping.</summary>
    public bool FixedSize { get; init; }

    /// <summary>
    /// How growth proceeds (emmap's policy): the mapping doubles until it reaches this many bytes,
    /// then grows by this many bytes at a time. Default <see cref="DefaultGrowthStep"/>.
    /// </summary>
    public long GrowthStep { get; init; } = DefaultGrowthStep;

    /// <summary>
    /// Refuse to open the file when the last component of the path is a symbolic link (an
    /// <see cref="IOException"/> naming the path), for paths in shared directories such as
    /// <c>/tmp</c> where someone else could plant one. On Linux the check is the open itself
    /// (<c>O_NOFOLLOW</c>), so there is no window between check and use; elsewhere the path is
    /// checked just before it is opened. Links in the directories above the last component are
    /// followed. Without this, a link is still refused whenever the call may create, truncate or
    /// change the length of the file (<see cref="Create"/>, <see cref="Truncate"/>, or a
    /// <see cref="Length"/> with read-write access): only a plain open of an existing file follows one,
    /// and the handle it gives never changes the target's length (no growth, no <c>Resize</c>).
    /// </summary>
    public bool RefuseSymlinks { get; init; }

    /// <summary>
    /// Do not reserve disk space when the file is created, grown or resized: only set its length, so
    /// the file is sparse and takes disk space as pages are first written. For huge files mostly
    /// left empty. <b>A full disk then kills the process on first touch</b>: the operating system
    /// raises <c>SIGBUS</c> at the first access to a page it cannot back, which ends a .NET process.
    /// Without this (the default), the bytes are reserved (<c>fallocate</c> on Linux) and a full disk
    /// or quota is an <see cref="IOException"/> at the call that creates or grows the file; a file
    /// system that cannot reserve (it has no <c>fallocate</c>) is an <see cref="IOException"/> too,
    /// saying to set this.
    /// </summary>
    public bool Sparse { get; init; }

    /// <summary>
    /// Fault the whole mapping in when it is made (and when it grows), so the first accesses do not
    /// page-fault. On Linux 5.14+ a page that cannot be read in makes the open an
    /// <see cref="IOException"/>; older kernels and other systems only get the advice. Pages are
    /// never touched one by one.
    /// </summary>
    public bool Populate { get; init; }

    internal void Validate()
    {
        if (Access is not (MapAccess.Read or MapAccess.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(Access), Access, $"MapOptions.Access {Access} is not a MapAccess value.");
        }
        if (Sharing is not (MapSharing.Shared or MapSharing.Private))
        {
            throw new ArgumentOutOfRangeException(nameof(Sharing), Sharing, $"MapOptions.Sharing {Sharing} is not a MapSharing value.");
        }
        if (Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, $"MapOptions.Offset {Offset} is negative; it must be 0 or more.");
        }
        if (Length is long length && length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), length, $"MapOptions.Length {length} is not positive: a mapping needs at least 1 byte.");
        }
        if (Length is long l && l > long.MaxValue - Offset)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), l, $"MapOptions.Offset {Offset} + Length {l} overflows a 64-bit file size.");
        }
        if (Length is long mapped && mapped > GrowthPolicy.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), mapped,
                $"MapOptions.Length {mapped} is past the largest mapping Emmap can make ({GrowthPolicy.MaxLength} bytes, 128 TiB: the address space a process can map).");
        }
        if (GrowthStep <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GrowthStep), GrowthStep, $"MapOptions.GrowthStep {GrowthStep} is not positive.");
        }
        if (Access == MapAccess.Read && (Create || Truncate))
        {
            throw new ArgumentException(
                $"MapOptions.{(Create ? nameof(Create) : nameof(Truncate))} changes the file, so it needs Access = MapAccess.ReadWrite, not MapAccess.Read.");
        }
    }
}
