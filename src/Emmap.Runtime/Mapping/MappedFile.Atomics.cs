using System.Runtime.CompilerServices;

namespace Emmap;

// The one checked path of every atomic and volatile access at a position (the typed members are in
// MappedFile.Atomics.Signed.cs and .Unsigned.cs): one range check that also rejects a disposed or
// read-only file, and one alignment check, before the access; one plain load after it. The
// operations themselves are the runtime's shared ones in src/Emmap.Runtime/Atomics.
public sealed unsafe partial class MappedFile
{
    /// <summary>The one checked path of every atomic and volatile write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Atomic<T, TOperation>(long position, T operand, T comparand)
        where T : unmanaged
        where TOperation : struct, IAtomicOperation<T>
    {
        MappedRegion region = _region;
        ref ulong limit = ref region.TypedLimit(sizeof(T), write: true);
        byte* address = region.Pointer + position;
        if ((ulong)position >= limit || ((nuint)address & (nuint)(sizeof(T) - 1)) != 0)
        {
            return AtomicSlow<T, TOperation>(position, operand, comparand);
        }
        T before = TOperation.Apply(ref Unsafe.AsRef<T>(address), operand, comparand);
        if ((ulong)position >= Volatile.Read(ref limit))
        {
            ThrowOvertaken(position); // may have hit the private zero pages that replaced the file's
        }
        if (WaitTable.AnyWaiters) // one load and a branch while nobody on the machine waits (docs/waiting.md)
        {
            WaitTable.NotifySlow(region.WaitSeed, address);
        }
        return before;
    }

    /// <summary>The one checked path of every volatile read: a plain acquire load, no read-modify-write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadVolatile<T>(long position) where T : unmanaged
    {
        MappedRegion region = _region;
        ref ulong limit = ref region.TypedLimit(sizeof(T), write: false);
        byte* address = region.Pointer + position;
        if ((ulong)position >= limit || ((nuint)address & (nuint)(sizeof(T) - 1)) != 0)
        {
            return ReadVolatileSlow<T>(position);
        }
        T value;
        if (sizeof(T) == 4)
        {
            uint bits = Volatile.Read(ref *(uint*)address);
            value = Unsafe.As<uint, T>(ref bits);
        }
        else
        {
            ulong bits = Volatile.Read(ref *(ulong*)address);
            value = Unsafe.As<ulong, T>(ref bits);
        }
        if ((ulong)position >= Volatile.Read(ref limit))
        {
            return ReadVolatileSlow<T>(position); // overtaken by Dispose or a shrink: read again or throw
        }
        return value;
    }

    /// <summary>Throws what a failed check deserves, or, if the mapping has grown to fit meanwhile, retries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T AtomicSlow<T, TOperation>(long position, T operand, T comparand)
        where T : unmanaged
        where TOperation : struct, IAtomicOperation<T>
    {
        CheckAtomic(position, sizeof(T), write: true);
        return Atomic<T, TOperation>(position, operand, comparand);
    }

    /// <summary>Throws what a failed check deserves, or, if the mapping has grown to fit meanwhile, retries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T ReadVolatileSlow<T>(long position) where T : unmanaged
    {
        CheckAtomic(position, sizeof(T), write: false);
        return ReadVolatile<T>(position);
    }

    /// <summary>
    /// An atomic operation was overtaken by <see cref="Dispose"/> (or by a shrinking
    /// <see cref="Resize"/> that cut its position off) on another thread: it may have hit the
    /// zero pages that replaced the file's, so its result is not trusted, and it is not retried,
    /// since it may also have happened.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOvertaken(long position)
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(MappedFile),
                "The MappedFile was disposed while this atomic operation ran on another thread; it may or may not have reached the file.");
        }
        throw new ArgumentOutOfRangeException(nameof(position), position,
            $"Position {position} was cut off by a shrinking Resize on another thread while this atomic operation ran; it may or may not have happened.");
    }

    /// <summary>Throws the exception a failed atomic check deserves; returns only if the mapping has grown to fit meanwhile.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckAtomic(long position, int size, bool write)
    {
        MappedRegion region = Current();
        if (write)
        {
            ThrowIfReadOnly();
        }
        CheckRange(region, position, size);
        if (((nuint)(region.Pointer + position) & (nuint)(size - 1)) != 0)
        {
            throw new ArgumentException(
                $"Position {position} is misaligned: an atomic operation on {size} bytes needs an address that is a multiple of {size}{MisalignmentHint()}. Misaligned atomics are not atomic on every CPU and fault on some.",
                nameof(position));
        }
    }
}
