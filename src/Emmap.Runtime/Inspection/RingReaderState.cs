namespace Emmap;

/// <summary>
/// A registered reader of a broadcast ring as <see cref="RingInspector.Read"/> saw it: its slot, its
/// name, its persisted position, how far behind the tail it is, and whether an instance of it is open.
/// </summary>
public readonly struct RingReaderState
{
    /// <summary>Creates the description of a reader.</summary>
    /// <param name="slot">Its slot in the reader table.</param>
    /// <param name="name">Its name.</param>
    /// <param name="position">Its persisted position.</param>
    /// <param name="behindBytes">The tail less its position.</param>
    /// <param name="pendingMessages">The committed messages the walk counted from its position; null when the walk did not get there.</param>
    /// <param name="isAttached">Whether an instance holds its slot's lock; null when unknown.</param>
    /// <param name="isGating">Whether its position is the smallest of the registered readers'.</param>
    public RingReaderState(int slot, string name, long position, long behindBytes, long? pendingMessages, bool? isAttached, bool isGating)
    {
        Slot = slot;
        Name = name;
        Position = position;
        BehindBytes = behindBytes;
        PendingMessages = pendingMessages;
        IsAttached = isAttached;
        IsGating = isGating;
    }

    /// <summary>The reader's slot in the ring's reader table (0 to <see cref="RingInspection.MaxReaders"/> - 1).</summary>
    public int Slot { get; }

    /// <summary>The reader's name, as <see cref="MappedRing.OpenReader"/> registered it.</summary>
    public string Name { get; }

    /// <summary>The reader's persisted position: the ring position of the first message it has not read.</summary>
    public long Position { get; }

    /// <summary>How far behind the tail the reader is: <see cref="RingInspection.Tail"/> less <see cref="Position"/>, in bytes (records, padding and claims).</summary>
    public long BehindBytes { get; }

    /// <summary>
    /// The committed messages from <see cref="Position"/> to where the walk ended (all it has to read
    /// when the walk reached the tail); <see langword="null"/> when the walk stopped at or before its position.
    /// </summary>
    public long? PendingMessages { get; }

    /// <summary>
    /// Whether an instance of the reader is open: whether another open file description holds its slot's
    /// lock (asked of the kernel with <c>F_OFD_GETLK</c>, which takes nothing); <see langword="null"/>
    /// when it cannot be told (not Linux, or the kernel refused the question).
    /// </summary>
    public bool? IsAttached { get; }

    /// <summary>
    /// Whether this reader holds the producers back: its position is the smallest of the registered
    /// readers', so nothing past it is released until it reads on (ties all gate).
    /// </summary>
    public bool IsGating { get; }

    internal RingReaderState WithPending(long? pendingMessages) => new(Slot, Name, Position, BehindBytes, pendingMessages, IsAttached, IsGating);
}
