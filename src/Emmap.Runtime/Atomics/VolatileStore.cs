namespace Emmap;

/// <summary>
/// A volatile (release) write of the operand, run through the same checked path as the
/// read-modify-writes. Not a read-modify-write: it returns the operand, which callers ignore.
/// </summary>
internal readonly struct VolatileStore : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand)
    {
        Volatile.Write(ref target, operand);
        return operand;
    }

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand)
    {
        Volatile.Write(ref target, operand);
        return operand;
    }
}
