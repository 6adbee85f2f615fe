namespace Emmap;

/// <summary>Atomically stores the operand; returns the value before.</summary>
internal readonly struct AtomicExchange : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand) => Interlocked.Exchange(ref target, operand);

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand) => Interlocked.Exchange(ref target, operand);
}
