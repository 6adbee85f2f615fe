namespace Emmap;

/// <summary>Atomically XORs the operand in (a compare-exchange loop: there is no <c>Interlocked.Xor</c>); returns the value before.</summary>
internal readonly struct AtomicXor : IAtomicOperation<int>, IAtomicOperation<long>
{
    static int IAtomicOperation<int>.Apply(ref int target, int operand, int comparand)
    {
        int current = Volatile.Read(ref target);
        int seen;
        while ((seen = Interlocked.CompareExchange(ref target, current ^ operand, current)) != current)
        {
            current = seen;
        }
        return seen;
    }

    static long IAtomicOperation<long>.Apply(ref long target, long operand, long comparand)
    {
        long current = Volatile.Read(ref target);
        long seen;
        while ((seen = Interlocked.CompareExchange(ref target, current ^ operand, current)) != current)
        {
            current = seen;
        }
        return seen;
    }
}
