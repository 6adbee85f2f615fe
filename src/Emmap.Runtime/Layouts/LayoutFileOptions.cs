namespace Emmap;

/// <summary>
/// How <see cref="LayoutFile{T}.Open(string, LayoutFileOptions?)"/> opens a layout file. Every
/// property is optional; <c>new LayoutFileOptions()</c> opens the file read-write, shared, and
/// creates it (mode <c>0600</c>) when it does not exist.
/// </summary>
public sealed class LayoutFileOptions
{
    internal static readonly LayoutFileOptions Default = new();

    /// <summary>
    /// Create the file, zero-filled behind its header, when it does not exist (the default). A
    /// read-only open (<see cref="Access"/> = <see cref="MapAccess.Read"/>) never creates: it would
    /// have nothing to write, so a missing file is a <see cref="FileNotFoundException"/> then.
    /// </summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>
    /// Read-write (the default), or read: the file is opened and mapped read-only and shared, so
    /// <see cref="LayoutFile{T}.Layout"/> sees other processes' writes live, and every generated
    /// setter and atomic throws <see cref="UnauthorizedAccessException"/> naming the path, before
    /// anything is stored (docs/layouts.md, "Read-only opens").
    /// </summary>
    public MapAccess Access { get; init; } = MapAccess.ReadWrite;

    /// <summary>
    /// The Unix permissions of a file this call creates (default <c>0600</c>, owner read and write;
    /// the process umask still applies). Ignored on Windows.
    /// </summary>
    public UnixFileMode CreateMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Refuse to open the file when the last component of the path is a symbolic link (an
    /// <see cref="IOException"/> naming the path); see <see cref="MapOptions.RefuseSymlinks"/>.
    /// Creating a file never follows a link, with or without this.
    /// </summary>
    public bool RefuseSymlinks { get; init; }

    /// <summary>
    /// Upgrade the file in place when it holds an earlier version of this layout that this one only
    /// extends: every member of the file's schema kept at the same offset with the same type and size
    /// (or renamed with its former name declared, <see cref="FieldAttribute.FormerNames"/>), members
    /// added in bytes no member used or by growing the layout's size (which grows the file). The new
    /// schema is published atomically; processes running the earlier layout keep working on the members
    /// they know. Off by default: without it such a file is refused with a
    /// <see cref="LayoutMismatchException"/> naming the added members, and left unchanged. Needs
    /// <see cref="MapAccess.ReadWrite"/> and Linux (the upgrade takes a lock only Linux has). Opening a
    /// file whose layout extends this one (an older layout opening an upgraded file) needs no option:
    /// it writes nothing.
    /// </summary>
    public bool AllowUpgrade { get; init; }

    /// <summary>Fault the whole mapping in when it is made, so the first accesses do not page-fault.</summary>
    public bool Populate { get; init; }

    internal void Validate()
    {
        if (Access is not (MapAccess.Read or MapAccess.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(Access), Access, $"LayoutFileOptions.Access {Access} is not a MapAccess value.");
        }
    }
}
