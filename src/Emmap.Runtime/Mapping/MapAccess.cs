namespace Emmap;

/// <summary>What a <see cref="MappedFile"/> may do with the memory it maps (emmap's <c>read</c> and <c>write</c> options).</summary>
public enum MapAccess
{
    /// <summary>Read only: every write member of <see cref="MappedFile"/> throws <see cref="UnauthorizedAccessException"/>.</summary>
    Read,

    /// <summary>Read and write (the default).</summary>
    ReadWrite,
}
