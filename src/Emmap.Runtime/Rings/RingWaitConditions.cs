namespace Emmap;

/// <summary>
/// The ring record at <c>record</c> is committed (or padding) and of the lap <c>lap</c> (kind word
/// bits 8 to 31): what a reader waits for. Its length word is what a commit notifies.
/// </summary>
internal readonly unsafe struct RingRecordReady(MappedRegion region, long* record, int lap) : IWaitCondition
{
    /// <summary>The record's first word (its length, then its kind): the address waited on.</summary>
    internal long* Record => record;

    public bool IsMet()
    {
        if (!ReferenceEquals(region.Self, region))
        {
            throw new ObjectDisposedException(nameof(MappedRing), "The ring has been disposed.");
        }
        return MappedRing.IsCommittedWord(Volatile.Read(ref *record), lap);
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
