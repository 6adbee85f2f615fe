namespace Emmap;

/// <summary>What kind of difference between a file's layout and the layout opening it a <see cref="LayoutChange"/> is.</summary>
public enum LayoutChangeKind
{
    /// <summary>The layout has a member the file does not.</summary>
    Added = 0,

    /// <summary>The file has a member the layout does not.</summary>
    Removed = 1,

    /// <summary>A member is at another offset.</summary>
    Moved = 2,

    /// <summary>A member has another size, length or stride.</summary>
    Resized = 3,

    /// <summary>A member has another kind or type (an enum of another name, a nested layout of other members).</summary>
    Retyped = 4,

    /// <summary>
    /// A member has another name: the same offset, kind, type and size under a new name. Compatible
    /// when the layout declares the old name (<see cref="FieldAttribute.FormerNames"/>).
    /// </summary>
    Renamed = 5,

    /// <summary>The layout's size differs.</summary>
    SizeChanged = 6,

    /// <summary>The hashes differ and at least one side lists no members (a layout written by hand), so nothing finer can be said.</summary>
    HashChanged = 7,
}

/// <summary>
/// One difference between the layout a file holds and the layout a process opens it with, as data:
/// <see cref="LayoutMismatchException.Changes"/> lists them.
/// </summary>
public sealed class LayoutChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="kind">What changed.</param>
    /// <param name="member">The member's name (see <see cref="Member"/>).</param>
    /// <param name="found">What the file holds, as text.</param>
    /// <param name="expected">What the layout has, as text.</param>
    /// <param name="isCompatible">Whether the change can be bridged (see <see cref="IsCompatible"/>).</param>
    public LayoutChange(LayoutChangeKind kind, string member, string found, string expected, bool isCompatible)
    {
        Kind = kind;
        Member = member ?? string.Empty;
        Found = found ?? string.Empty;
        Expected = expected ?? string.Empty;
        IsCompatible = isCompatible;
    }

    /// <summary>What changed.</summary>
    public LayoutChangeKind Kind { get; }

    /// <summary>The member's name in the layout (for <see cref="LayoutChangeKind.Removed"/>, in the file); empty for <see cref="LayoutChangeKind.SizeChanged"/> and <see cref="LayoutChangeKind.HashChanged"/>.</summary>
    public string Member { get; }

    /// <summary>What the file holds, as text (empty for an added member).</summary>
    public string Found { get; }

    /// <summary>What the layout has, as text (empty for a removed member).</summary>
    public string Expected { get; }

    /// <summary>
    /// Whether the change, on its own, can be bridged without touching a byte the other side uses: an
    /// addition in unused bytes, a larger size, a rename with the former name declared (for an
    /// upgrade); a member the layout does not know, a smaller size (for a layout that is a subset of
    /// the file's). <see cref="LayoutComparison.Verdict"/> says whether all of them together can.
    /// </summary>
    public bool IsCompatible { get; }

    /// <summary>The change as one line, e.g. <c>moved Requests: the file has Requests: AtomicCounter Int64 at 0 (8 bytes), the layout has ... at 8 (8 bytes)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        LayoutChangeKind.Added => $"added {Expected}",
        LayoutChangeKind.Removed => $"removed {Found}",
        LayoutChangeKind.SizeChanged => $"size changed from {Found} to {Expected}",
        LayoutChangeKind.HashChanged => $"hash changed from {Found} to {Expected}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Member}: the file has {Found}, the layout has {Expected}",
    };
}

/// <summary>Whether a layout can open a file, from <see cref="LayoutSchema.Compare"/>.</summary>
public enum LayoutVerdict
{
    /// <summary>The file holds exactly this layout.</summary>
    Identical = 0,

    /// <summary>
    /// The layout keeps every member of the file's at the same place with the same type and only
    /// adds members (in unused bytes, or by growing the size) or renames with the former name
    /// declared: the file can be upgraded to it in place (<see cref="LayoutFileOptions.AllowUpgrade"/>).
    /// </summary>
    Upgrade = 1,

    /// <summary>
    /// The file's layout is this one plus members this one does not know (an older layout opening
    /// an upgraded file): it opens the file as it is and never touches the bytes it does not know.
    /// </summary>
    Subset = 2,

    /// <summary>Anything else: the layout cannot open the file.</summary>
    Incompatible = 3,
}

/// <summary>The outcome of <see cref="LayoutSchema.Compare"/>: every change, and the verdict they add up to.</summary>
public sealed class LayoutComparison
{
    /// <summary>Creates a comparison.</summary>
    /// <param name="verdict">Whether and how the layout can open the file.</param>
    /// <param name="changes">Every difference.</param>
    public LayoutComparison(LayoutVerdict verdict, IReadOnlyList<LayoutChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Verdict = verdict;
        Changes = changes;
    }

    /// <summary>Whether and how the layout can open the file.</summary>
    public LayoutVerdict Verdict { get; }

    /// <summary>Every difference: the file's members in order, then the members added, then the size.</summary>
    public IReadOnlyList<LayoutChange> Changes { get; }
}
