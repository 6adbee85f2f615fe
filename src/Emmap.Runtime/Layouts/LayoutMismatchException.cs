using System.Globalization;
using System.Text;

namespace Emmap;

/// <summary>
/// A layout file was written by a different layout than the one this process opens it with. The
/// message names both hashes and sizes and every member that changed (added, removed, moved,
/// resized, retyped, renamed; the size), and <see cref="Changes"/> lists them as data. The file is
/// left unchanged.
/// </summary>
public sealed class LayoutMismatchException : MappedFormatException
{
    /// <summary>Creates the exception for <paramref name="path"/>, with no member-level changes (for a file without a schema).</summary>
    /// <param name="path">The layout file.</param>
    /// <param name="layoutName">The name of the layout this process expects, for the message.</param>
    /// <param name="expectedHash">The layout hash this process expects.</param>
    /// <param name="expectedSize">The layout size, in bytes, this process expects.</param>
    /// <param name="foundHash">The layout hash in the file's header.</param>
    /// <param name="foundSize">The layout size, in bytes, in the file's header.</param>
    public LayoutMismatchException(string path, string layoutName, ulong expectedHash, long expectedSize, ulong foundHash, long foundSize)
        : this(path, layoutName, expectedHash, expectedSize, foundHash, foundSize, [],
            $"The file was written by a different layout than {layoutName} (or another version of it); open it with that layout, or delete the file to start afresh. The file was left unchanged.")
    {
    }

    private LayoutMismatchException(string path, string layoutName, ulong expectedHash, long expectedSize, ulong foundHash, long foundSize,
        IReadOnlyList<LayoutChange> changes, string hint)
        : base(path, "the layout", Describe(foundHash, foundSize), Describe(expectedHash, expectedSize), hint)
    {
        ExpectedHash = expectedHash;
        ExpectedSize = expectedSize;
        FoundHash = foundHash;
        FoundSize = foundSize;
        Changes = changes;
    }

    /// <summary>The layout hash this process expects.</summary>
    public ulong ExpectedHash { get; }

    /// <summary>The layout size, in bytes, this process expects.</summary>
    public long ExpectedSize { get; }

    /// <summary>The layout hash the file holds.</summary>
    public ulong FoundHash { get; }

    /// <summary>The layout size, in bytes, the file holds.</summary>
    public long FoundSize { get; }

    /// <summary>
    /// What differs, member by member, as <see cref="LayoutSchema.Compare"/> found it; for a file
    /// written before files carried their schema (format version 1), only the size and the hash.
    /// </summary>
    public IReadOnlyList<LayoutChange> Changes { get; }

    /// <summary>For a version-1 file: the hash and the size are all there is to compare.</summary>
    internal static LayoutMismatchException WithoutSchema(string path, string layoutName, ulong expectedHash, long expectedSize, ulong foundHash, long foundSize)
    {
        var changes = new List<LayoutChange>();
        if (foundSize != expectedSize)
        {
            changes.Add(new LayoutChange(LayoutChangeKind.SizeChanged, string.Empty, $"{foundSize} bytes", $"{expectedSize} bytes", isCompatible: false));
        }
        if (foundHash != expectedHash)
        {
            changes.Add(new LayoutChange(LayoutChangeKind.HashChanged, string.Empty, Hex(foundHash), Hex(expectedHash), isCompatible: false));
        }
        return new LayoutMismatchException(path, layoutName, expectedHash, expectedSize, foundHash, foundSize, changes,
            $"The file was written by a different layout than {layoutName} (or another version of it), in format version 1, which records no schema, so the members that changed cannot be named"
            + " and the file cannot be upgraded; open it with that layout, or delete the file to start afresh. The file was left unchanged.");
    }

    /// <summary>For a file with a schema: the member-level changes and why they were refused.</summary>
    internal static LayoutMismatchException FromComparison(string path, string layoutName, ulong expectedHash, long expectedSize, ulong foundHash, long foundSize,
        LayoutComparison comparison, string why)
    {
        var text = new StringBuilder();
        text.Append("The file was written by a different layout than ").Append(layoutName).Append(" (or another version of it): ");
        text.Append(string.Join("; ", comparison.Changes)).Append(". ").Append(why).Append(" The file was left unchanged.");
        return new LayoutMismatchException(path, layoutName, expectedHash, expectedSize, foundHash, foundSize, comparison.Changes, text.ToString());
    }

    private static string Hex(ulong hash) => string.Create(CultureInfo.InvariantCulture, $"0x{hash:X16}");

    private static string Describe(ulong hash, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"hash 0x{hash:X16} and size {size} bytes");
}
