namespace Emmap;

/// <summary>Atomically ANDs the operand in; returns the value before.</summary>
internal readonly struct AtomicAnd : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand) => Interlocked.And(ref target, operand);

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand) => Interlocked.And(ref target, operand);
}
