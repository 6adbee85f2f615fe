namespace Emmap;

/// <summary>Atomically ORs the operand in; returns the value before.</summary>
internal readonly struct AtomicOr : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand) => Interlocked.Or(ref target, operand);

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand) => Interlocked.Or(ref target, operand);
}
