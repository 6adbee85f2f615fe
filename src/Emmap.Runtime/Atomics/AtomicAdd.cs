namespace Emmap;

/// <summary>Atomically adds the operand (wrapping); returns the value before.</summary>
internal readonly struct AtomicAdd : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand) => Interlocked.Add(ref target, operand) - operand;

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand) => Interlocked.Add(ref target, operand) - operand;
}
