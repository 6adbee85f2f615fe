namespace Emmap;

/// <summary>Atomically stores the operand if the location holds the comparand; returns the value before.</summary>
internal readonly struct AtomicCompareExchange : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand) => Interlocked.CompareExchange(ref target, operand, comparand);

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand) => Interlocked.CompareExchange(ref target, operand, comparand);
}
