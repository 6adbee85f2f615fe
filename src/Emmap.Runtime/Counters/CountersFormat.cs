namespace Emmap;

/// <summary>
/// How a counters file lays out its counters (see <c>docs/file-formats.md</c>, "Counters files").
/// The file's header records which one it is.
/// </summary>
public enum CountersFormat
{
    /// <summary>
    /// Erlang emmap's format, byte for byte: magic <c>EMMAP01\n</c>, the count as a little-endian
    /// u64, then the counters as consecutive little-endian i64 from offset 16. An Erlang node and a
    /// .NET process can share one such file. Eight counters share each 64-byte cache line, so
    /// counters hammered by different cores slow each other down (false sharing).
    /// </summary>
    Emmap = 0,

    /// <summary>
    /// Emmap's own padded format: magic <c>EMMAPPAD</c>, the count and the slot size (128) as
    /// little-endian u64, then each counter alone in its own 128-byte slot, from offset 128, so
    /// counters updated by different cores never share a cache line (nor an adjacent-line prefetch
    /// pair). Not for Erlang emmap: it refuses the file because its size is not the <c>16 + 8M</c>
    /// of the count M asked for, and when M happens to make the sizes equal it re-initialises the
    /// file, zeroing the counters (<c>docs/file-formats.md</c>).
    /// </summary>
    Padded = 1,
}
