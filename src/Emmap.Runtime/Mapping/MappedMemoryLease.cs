using System.Buffers;

namespace Emmap;

/// <summary>
/// A zero-copy lease over a range of a mapping (<see cref="MappedFile.Lease"/>). It holds a lease
/// on its region, so the memory stays mapped until the lease is disposed, even after the file is
/// disposed or has grown. Each <see cref="Pin"/> takes a lease of its own, released when its handle is disposed.
/// </summary>
internal sealed unsafe class MappedMemoryLease : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;
    private readonly MappedRegion _pinned;
    private MappedRegion? _region;
    private int _pins;

    internal MappedMemoryLease(MappedRegion region, byte* pointer, int length)
    {
        _region = region;
        _pinned = region;
        _pointer = pointer;
        _length = length;
    }

    /// <summary>The region this lease holds.</summary>
    internal MappedRegion Region => _pinned;

    public override Span<byte> GetSpan()
    {
        if (Volatile.Read(ref _region) is null)
        {
            ThrowReleased();
        }
        return new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        MappedRegion? region = Volatile.Read(ref _region);
        if (region is null)
        {
            ThrowReleased();
        }
        if ((uint)elementIndex > (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex, $"Index {elementIndex} is outside the {_length}-byte lease.");
        }
        region.AddLease();
        Interlocked.Increment(ref _pins);
        return new MemoryHandle(_pointer + elementIndex, default, this);
    }

    /// <summary>Called once by each <see cref="MemoryHandle"/> from <see cref="Pin"/> when it is disposed.</summary>
    public override void Unpin()
    {
        if (Interlocked.Decrement(ref _pins) < 0)
        {
            Interlocked.Increment(ref _pins); // an Unpin without a Pin: never release what was not taken
            return;
        }
        _pinned.ReleaseLease();
    }

    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _region, null)?.ReleaseLease();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowReleased() =>
        throw new ObjectDisposedException(nameof(MappedMemoryLease), "The lease has been disposed; its memory may be unmapped.");
}
