namespace Emmap;

/// <summary>
/// One atomic read-modify-write on a 4- or 8-byte location, as a struct so the JIT specializes
/// <c>MappedFile</c>'s single checked access path for each operation (no delegate, no virtual call).
/// Unsigned operands are handled by reinterpreting them as the signed type of the same size: every
/// operation here gives the same bits either way.
/// </summary>
/// <typeparam name="T"><see cref="int"/> or <see cref="long"/>.</typeparam>
internal interface IAtomicOperation<T> where T : unmanaged
{
    /// <summary>Applies the operation to <paramref name="target"/> and returns the value it held before.</summary>
    static abstract T Apply(ref T target, T operand, T comparand);
}
