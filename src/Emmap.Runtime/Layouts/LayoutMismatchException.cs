using System.Globalization;

namespace Emmap;

/// <summary>
/// A layout file was written by a different layout than the one this process opens it with: its
/// layout hash or size differs. The message names both hashes and both sizes; the file is left
/// unchanged.
/// </summary>
public sealed class LayoutMismatchException : MappedFormatException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The layout file.</param>
    /// <param name="layoutName">The name of the layout this process expects, for the message.</param>
    /// <param name="expectedHash">The layout hash this process expects.</param>
    /// <param name="expectedSize">The layout size, in bytes, this process expects.</param>
    /// <param name="foundHash">The layout hash in the file's header.</param>
    /// <param name="foundSize">The layout size, in bytes, in the file's header.</param>
    public LayoutMismatchException(string path, string layoutName, ulong expectedHash, long expectedSize, ulong foundHash, long foundSize)
        : base(path, "the layout", Describe(foundHash, foundSize), Describe(expectedHash, expectedSize),
            $"The file was written by a different layout than {layoutName} (or another version of it); open it with that layout, or delete the file to start afresh. The file was left unchanged.")
    {
        ExpectedHash = expectedHash;
        ExpectedSize = expectedSize;
        FoundHash = foundHash;
        FoundSize = foundSize;
    }

    /// <summary>The layout hash this process expects.</summary>
    public ulong ExpectedHash { get; }

    /// <summary>The layout size, in bytes, this process expects.</summary>
    public long ExpectedSize { get; }

    /// <summary>The layout hash the file's header holds.</summary>
    public ulong FoundHash { get; }

    /// <summary>The layout size, in bytes, the file's header holds.</summary>
    public long FoundSize { get; }

    private static string Describe(ulong hash, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"hash 0x{hash:X16} and size {size} bytes");
}
