namespace Emmap;

/// <summary>
/// One mapping of a file (or of anonymous memory) into this process: the base pointer and the
/// length of what is mapped. <c>MappedFile</c> owns its regions; leases and layout views keep
/// a reference to the region they point into.
/// </summary>
/// <remarks>
/// Lifetime contract shared by <c>MappedFile</c>, leases and <see cref="MappedView"/>:
/// <list type="bullet">
/// <item><see cref="Closed"/> becomes <see langword="true"/> when the owning file is disposed; every
/// view member checks it and throws <see cref="ObjectDisposedException"/>.</item>
/// <item>The memory is unmapped only when nothing can reach it any more: the file is disposed (or
/// has replaced the region after growth), every lease on it is released, and, once a view has been
/// handed out over it, the region object itself is unreachable (its finalizer unmaps). So a thread
/// that passed the <see cref="Closed"/> check a moment before a dispose still reads mapped memory.</item>
/// </list>
/// </remarks>
internal sealed unsafe partial class MappedRegion
{
    /// <summary>The first mapped byte that the owning file exposes (its position 0).</summary>
    internal byte* Pointer;

    /// <summary>The number of bytes from <see cref="Pointer"/> that are mapped.</summary>
    internal long Length;

    /// <summary>Set when the owning file is disposed; views and leases refuse access from then on.</summary>
    internal bool Closed;
}
