namespace Emmap;

/// <summary>The ring record whose length word is at <c>record</c> is committed (or padding): what the consumer waits for.</summary>
internal readonly unsafe struct RingRecordReady(MappedRegion region, int* record) : IWaitCondition
{
    public bool IsMet()
    {
        if (!ReferenceEquals(region.Self, region))
        {
            throw new ObjectDisposedException(nameof(MappedRing), "The ring has been disposed.");
        }
        return Volatile.Read(ref *record) > 0;
    }
}

/// <summary>A ring position (the head) has moved from the value seen: what a producer waiting for room waits for.</summary>
internal readonly unsafe struct RingPositionMoved(MappedRegion region, long* position, long seen) : IWaitCondition
{
    public bool IsMet()
    {
        if (!ReferenceEquals(region.Self, region))
        {
            throw new ObjectDisposedException(nameof(MappedRing), "The ring has been disposed.");
        }
        return Volatile.Read(ref *position) != seen;
    }
}
