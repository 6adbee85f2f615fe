namespace Emmap;

/// <summary>
/// What one look at a live ring saw (<see cref="RingInspector.Read"/>): its positions, whether a
/// consumer is attached (or, for a broadcast ring, its readers, their positions and the release
/// lock), and what lies between the head and the tail, counted by a read-only walk of the records. Reused from one look to the next: a look that copies no messages allocates nothing
/// once its lists have grown (asking whether a claim's producer runs reads <c>/proc</c>).
/// </summary>
public sealed class RingInspection
{
    /// <summary>The most bytes of one message <see cref="Messages"/> holds.</summary>
    public const int MaxCopiedBytes = 4096;

    /// <summary>The most claims <see cref="Claims"/> lists (<see cref="ClaimCount"/> counts them all).</summary>
    public const int MaxListedClaims = 64;

    /// <summary>The value of <see cref="ReleaseLockHolder"/> when a registration or removal holds the release lock (its id in the header's lock word).</summary>
    public const int RegistrationHolder = MappedRing.RegistrationId;

    private readonly List<RingPendingClaim> _claims = [];
    private readonly List<RingPendingMessage> _messages = [];
    private readonly List<RingReaderState> _readers = [];

    /// <summary>Creates an inspection that copies the first <paramref name="messagesToCopy"/> pending messages on each look.</summary>
    /// <param name="messagesToCopy">How many pending messages to copy into <see cref="Messages"/>, from the head; 0 for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messagesToCopy"/> is negative.</exception>
    public RingInspection(int messagesToCopy = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messagesToCopy);
        MessagesToCopy = messagesToCopy;
    }

    /// <summary>How many pending messages each look copies into <see cref="Messages"/>.</summary>
    public int MessagesToCopy { get; }

    /// <summary>The ring's capacity, in bytes.</summary>
    public long Capacity { get; internal set; }

    /// <summary>The head: the consumer's persisted position, the first byte not yet released.</summary>
    public long Head { get; internal set; }

    /// <summary>Where the release in progress ends; equals <see cref="Head"/> when none is (the walk starts here).</summary>
    public long Releasing { get; internal set; }

    /// <summary>The tail: the position after the last claimed record.</summary>
    public long Tail { get; internal set; }

    /// <summary>The bytes between head and tail: records pending, claimed, or being released, headers and alignment included.</summary>
    public long UsedBytes => Tail - Head;

    /// <summary>The bytes free for new claims: <see cref="Capacity"/> less <see cref="UsedBytes"/>.</summary>
    public long FreeBytes => Capacity - UsedBytes;

    /// <summary><see cref="UsedBytes"/> as a percentage of <see cref="Capacity"/>.</summary>
    public double FillPercent => Capacity == 0 ? 0 : 100.0 * UsedBytes / Capacity;

    /// <summary>
    /// Whether a consumer holds the ring's consumer lock (asked of the kernel without taking it);
    /// <see langword="null"/> when it cannot be told (not Linux, or the kernel refused the question),
    /// and for a broadcast ring, which has <see cref="Readers"/> instead of a consumer.
    /// </summary>
    public bool? HasConsumer { get; internal set; }

    /// <summary>The ring's reader slots: 0 for a single-consumer ring, 1 to 64 for a broadcast ring.</summary>
    public int MaxReaders { get; internal set; }

    /// <summary>A broadcast ring's registered readers, in slot order; empty for a single-consumer ring.</summary>
    public IReadOnlyList<RingReaderState> Readers => _readers;

    /// <summary>The reader slots no reader is registered in: <see cref="MaxReaders"/> less the <see cref="Readers"/>.</summary>
    public int FreeReaderSlots => MaxReaders - _readers.Count;

    /// <summary>
    /// A broadcast ring's release lock: <see langword="null"/> when free (and always for a
    /// single-consumer ring), else its holder: a reader slot, or <see cref="RegistrationHolder"/>
    /// for a registration or removal. A holder is always someone holding a kernel lock (the slot's,
    /// or the registration lock), so a holder whose slot is not attached is dead, and its lock is
    /// taken over by the next reader that releases.
    /// </summary>
    public int? ReleaseLockHolder { get; internal set; }

    /// <summary>A broadcast ring's release lock generation: how many times it was taken (modulo 2^32).</summary>
    public uint ReleaseLockGeneration { get; internal set; }

    /// <summary>The committed messages the walk counted: written, not yet consumed.</summary>
    public long PendingMessages { get; internal set; }

    /// <summary>The bytes of those messages (payloads only, without record headers).</summary>
    public long PendingMessageBytes { get; internal set; }

    /// <summary>The bytes those messages' records take in the ring: headers and alignment included.</summary>
    public long PendingRecordBytes { get; internal set; }

    /// <summary>The padding records the walk counted: the end of the memory before a wrap, aborted claims, skipped dead producers' claims.</summary>
    public long PaddingRecords { get; internal set; }

    /// <summary>The bytes those padding records take.</summary>
    public long PaddingBytes { get; internal set; }

    /// <summary>The claims not yet committed that the walk counted.</summary>
    public long ClaimCount { get; internal set; }

    /// <summary>The first <see cref="MaxListedClaims"/> of those claims, from the head.</summary>
    public IReadOnlyList<RingPendingClaim> Claims => _claims;

    /// <summary>Copies of the first <see cref="MessagesToCopy"/> pending messages, from the head.</summary>
    public IReadOnlyList<RingPendingMessage> Messages => _messages;

    /// <summary>Where the walk ended, and why.</summary>
    public RingWalkEnd WalkEnd { get; internal set; }

    /// <summary>The position the walk reached: <see cref="Tail"/> when it counted everything.</summary>
    public long WalkedTo { get; internal set; }

    /// <summary>Why the walk stopped before the tail, in words; <see langword="null"/> when it reached it.</summary>
    public string? WalkStopReason { get; internal set; }

    internal void Reset(long capacity, int maxReaders)
    {
        Capacity = capacity;
        MaxReaders = maxReaders;
        Head = Releasing = Tail = WalkedTo = 0;
        HasConsumer = null;
        ReleaseLockHolder = null;
        ReleaseLockGeneration = 0;
        _readers.Clear();
        if (NameBytes.Length < maxReaders)
        {
            NameBytes = new byte[maxReaders][];
            Names = new string[maxReaders];
            NameLengths = new int[maxReaders];
            ReaderOrder = new int[maxReaders];
            ReaderMessagesBefore = new long[maxReaders];
        }
        PendingMessages = PendingMessageBytes = PendingRecordBytes = PaddingRecords = PaddingBytes = ClaimCount = 0;
        _claims.Clear();
        _messages.Clear();
        WalkEnd = RingWalkEnd.Tail;
        WalkStopReason = null;
    }

    internal void AddClaim(RingPendingClaim claim)
    {
        ClaimCount++;
        if (_claims.Count < MaxListedClaims)
        {
            _claims.Add(claim);
        }
    }

    internal void AddMessage(RingPendingMessage message) => _messages.Add(message);

    /// <summary>The readers as they are being read (the look fills them in, then sets their pending messages after the walk).</summary>
    internal List<RingReaderState> ReaderList => _readers;

    // A look's working space for a broadcast ring's readers, kept from look to look so that a look
    // allocates nothing once they have grown: per slot, the name's bytes last read and its string (a
    // name is decoded again only when its bytes change); per listed reader, its name length byte,
    // the readers in position order, and the messages the walk counted before its position (-1: not reached).
    internal byte[][] NameBytes = [];
    internal string[] Names = [];
    internal int[] NameLengths = [];
    internal int[] ReaderOrder = [];
    internal long[] ReaderMessagesBefore = [];

    internal void Stop(RingWalkEnd end, long position, string reason)
    {
        WalkEnd = end;
        WalkedTo = position;
        WalkStopReason = reason;
    }
}
