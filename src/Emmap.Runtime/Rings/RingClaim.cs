namespace Emmap;

/// <summary>
/// A slot claimed in a <see cref="MappedRing"/>: fill <see cref="Span"/>, then <see cref="Commit"/>
/// (the consumer can read it) or <see cref="Abort"/> (the consumer skips it). Until one of them the
/// consumer reads nothing after this slot, so keep the claim short. A handle: copies refer to the
/// same slot, which is committed or aborted once.
/// </summary>
public readonly struct RingClaim
{
    private readonly MappedRing? _ring;
    private readonly long _position;
    private readonly int _length;

    internal RingClaim(MappedRing ring, long position, int length)
    {
        _ring = ring;
        _position = position;
        _length = length;
    }

    /// <summary>The message's bytes in the ring, zeroed when claimed.</summary>
    /// <exception cref="InvalidOperationException">This is a default claim, not one a ring handed out.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public Span<byte> Span => Ring.PayloadAt(_position, _length);

    /// <summary>The message's length in bytes.</summary>
    public int Length => _length;

    /// <summary>The message's ring position: what the consumer's handler receives with it.</summary>
    public long Position => _position;

    /// <summary>Publishes the message to the consumer (and wakes it if it sleeps).</summary>
    /// <exception cref="InvalidOperationException">
    /// The claim was already committed or aborted, or it was skipped as abandoned after
    /// <see cref="MappedRingOptions.AbandonedClaimTimeout"/> (then its message is not delivered); or this is a default claim.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Commit() => Ring.Commit(_position, RingHeader.RecordHeaderLength + _length);

    /// <summary>Gives the slot up: the consumer skips it.</summary>
    /// <exception cref="InvalidOperationException">The claim was already committed or aborted, or skipped as abandoned; or this is a default claim.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Abort() => Ring.Abort(_position, RingHeader.RecordHeaderLength + _length);

    private MappedRing Ring => _ring ?? throw new InvalidOperationException("This RingClaim is default: claims come from MappedRing.TryClaim.");
}
