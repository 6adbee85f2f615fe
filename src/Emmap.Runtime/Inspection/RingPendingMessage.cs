namespace Emmap;

/// <summary>A committed message between a ring's head and tail, not consumed yet, copied by <see cref="RingInspector.Read"/>.</summary>
public readonly struct RingPendingMessage
{
    /// <summary>Creates the description of a message.</summary>
    /// <param name="position">The message's ring position.</param>
    /// <param name="length">The message's length.</param>
    /// <param name="payload">A copy of its first bytes.</param>
    public RingPendingMessage(long position, int length, ReadOnlyMemory<byte> payload)
    {
        Position = position;
        Length = length;
        Payload = payload;
    }

    /// <summary>The message's ring position (what the consumer's handler will receive with it).</summary>
    public long Position { get; }

    /// <summary>The message's length in bytes.</summary>
    public int Length { get; }

    /// <summary>A copy of its bytes: all of them, or the first <see cref="RingInspection.MaxCopiedBytes"/>.</summary>
    public ReadOnlyMemory<byte> Payload { get; }
}
