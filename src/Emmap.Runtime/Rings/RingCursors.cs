namespace Emmap;

/// <summary>
/// Where one reader of a ring reads from, and what it does once it has read a stretch of records:
/// the strategy that lets the consumer and a broadcast ring's readers share the read and the wait
/// (<see cref="MappedRing.ReadBatch{TVisitor, TCursor}"/>). A struct, so that each use is compiled
/// for its strategy with nothing called through an interface.
/// </summary>
internal interface IRingCursor
{
    /// <summary>The ring position the next read starts at.</summary>
    long Position { get; }

    /// <summary>What this reader has seen: whether a read is in progress, its empty reads, a claim blocking it.</summary>
    RingReadState State { get; }

    /// <summary>Who reads, for messages: "this ring's consumer", "the reader 'x'".</summary>
    string Who { get; }

    /// <summary>
    /// After <paramref name="bytes"/> bytes of records from <paramref name="position"/> (at
    /// <paramref name="index"/> in the ring's memory, never across its end) were read: persist the
    /// new position (the consumer releases them; a broadcast reader moves its own position).
    /// </summary>
    void Advance(long position, int index, int bytes);

    /// <summary>Called now and then while there is nothing to read (an empty read, a wait's slice): a chance to catch up on housekeeping.</summary>
    void Idle();
}

/// <summary>The per-reader state the shared read keeps between calls.</summary>
internal sealed class RingReadState
{
    /// <summary>A read is in progress (the handler runs): another call of the same reader is refused.</summary>
    internal bool Reading;

    /// <summary>Empty reads, to look for a dead producer's claim only every 64th (and at the tail only every 1024th).</summary>
    internal int EmptyReads;

    /// <summary>The pause before the next wait's spin, in <see cref="Thread.SpinWait"/> iterations: grows while messages come faster than they are read (<c>MappedRing.SpinAfterBackoff</c>).</summary>
    internal int Backoff;

    /// <summary>The claim blocking this reader's position, if one was seen.</summary>
    internal MappedRing.BlockedHead Blocked = new();
}

/// <summary>The single consumer: reads from the head, releases what it read (zeroes it and persists the head).</summary>
internal readonly struct ConsumerCursor(MappedRing ring) : IRingCursor
{
    public long Position => ring.ConsumerHead;

    public RingReadState State => ring.ConsumerState;

    public string Who => "this ring's consumer";

    public void Advance(long position, int index, int bytes) => ring.ReleaseAsConsumer(position, index, bytes);

    public void Idle()
    {
    }
}

/// <summary>A broadcast ring's reader: reads from its own position, persists it, and releases what every reader has read.</summary>
internal readonly struct ReaderCursor(RingReader reader) : IRingCursor
{
    public long Position => reader.Cursor;

    public RingReadState State => reader.State;

    public string Who => reader.Who;

    public void Advance(long position, int index, int bytes) => reader.Advance(position, bytes);

    public void Idle() => reader.CatchUpRelease();
}
