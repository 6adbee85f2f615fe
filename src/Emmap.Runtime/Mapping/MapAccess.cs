namespace Emmap;

/// <summary>What a <see cref="MappedFile"/> may do with the memory it maps (emmap's <c>read</c> and <c>write</c> options).</summary>
public enum MapAccess
{
    /// <summary>
    /// Read only: the file is mapped read-only and shared, so it sees other processes' writes live;
    /// every write member of <see cref="MappedFile"/>, a lease, and every setter and atomic of a
    /// layout view bound to it throw <see cref="UnauthorizedAccessException"/> naming the path,
    /// before anything is stored (the stream of <see cref="MappedFile.AsStream"/> has
    /// <see cref="Stream.CanWrite"/> false and throws <see cref="NotSupportedException"/>).
    /// </summary>
    Read,

    /// <summary>Read and write (the default).</summary>
    ReadWrite,
}
