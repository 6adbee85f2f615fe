using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>What a wait waits for: reads the value and says whether the wait is over.</summary>
internal interface IWaitCondition
{
    /// <summary>Reads the value; <see langword="true"/> when the wait is over. Throws <see cref="ObjectDisposedException"/> once the file is disposed.</summary>
    bool IsMet();
}

/// <summary>A wait that the owning file's dispose (or a cancellation) must end now rather than at its next check.</summary>
internal interface IWaitInterrupt
{
    /// <summary>Wakes the wait; it then checks its condition (which throws once the file is disposed) and its token.</summary>
    void Interrupt();
}

/// <summary>The 4- or 8-byte value at a position of a <see cref="MappedFile"/> differs from one seen.</summary>
internal readonly struct FileValueChanged(MappedFile file, long position, long seen, int size) : IWaitCondition
{
    public bool IsMet() => size == 4 ? file.ReadVolatileInt32(position) != (int)seen : file.ReadVolatileInt64(position) != seen;
}

/// <summary>A counter of a <see cref="MappedCounters"/> differs from one seen, or has reached a minimum.</summary>
internal readonly struct CounterCondition(MappedCounters counters, int index, long value, bool atLeast) : IWaitCondition
{
    public bool IsMet()
    {
        long current = counters.ReadVolatile(index);
        return atLeast ? current >= value : current != value;
    }
}

/// <summary>A 4- or 8-byte member of a layout view differs (bitwise) from one seen, or (for counters) has reached a minimum.</summary>
internal readonly struct ViewCondition<T>(MappedView view, int offset, T value, bool atLeast) : IWaitCondition
    where T : unmanaged
{
    public unsafe bool IsMet()
    {
        T current = view.Read<T>(offset);
        if (atLeast)
        {
            return Comparer<T>.Default.Compare(current, value) >= 0;
        }
        return sizeof(T) == 4
            ? Unsafe.As<T, uint>(ref current) != Unsafe.As<T, uint>(ref Unsafe.AsRef(in value))
            : Unsafe.As<T, ulong>(ref current) != Unsafe.As<T, ulong>(ref Unsafe.AsRef(in value));
    }
}
