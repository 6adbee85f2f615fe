namespace Emmap;

/// <summary>
/// One message popped or peeked from a <see cref="MappedQueue"/>: either a binary, whose bytes
/// <see cref="TryGetBinary"/> hands out, or another Erlang term, handed out as its raw external-term-
/// format bytes (never dropped, never decoded as something it is not).
/// </summary>
/// <remarks>
/// The bytes belong to this message (a copy taken under the queue's lock); they stay valid after
/// the queue changes or is disposed.
/// </remarks>
public readonly struct QueueMessage
{
    private readonly byte[]? _term;

    /// <summary>The binary's length + 1, or 0 when the term is not a binary (so that <c>default</c> is not one).</summary>
    private readonly long _binaryLengthPlusOne;

    internal QueueMessage(byte[] term)
    {
        _term = term;
        _binaryLengthPlusOne = QueueRecord.BinaryLength(term, term.Length) + 1;
    }

    /// <summary>Whether the message is a binary or another term.</summary>
    public QueueMessageKind Kind => _binaryLengthPlusOne > 0 ? QueueMessageKind.Binary : QueueMessageKind.OtherTerm;

    /// <summary>Whether the message is a binary (<see cref="QueueMessageKind.Binary"/>).</summary>
    public bool IsBinary => _binaryLengthPlusOne > 0;

    /// <summary>
    /// The record's payload exactly as stored: the term in external term format (first byte 131
    /// when the file is well formed) followed by the record's zero padding (0 to 7 bytes; the format
    /// does not record the term's own length, and <c>binary_to_term</c> ignores trailing bytes).
    /// </summary>
    public ReadOnlyMemory<byte> RawTerm => _term;

    /// <summary>
    /// For a binary, its bytes; for another term, <see cref="RawTerm"/>. Check <see cref="Kind"/>
    /// (or use <see cref="TryGetBinary"/>) to tell which.
    /// </summary>
    public ReadOnlyMemory<byte> Payload => IsBinary ? BinaryBytes() : _term;

    /// <summary>Gets the binary's bytes when the message is a binary.</summary>
    /// <param name="bytes">The binary's bytes (without the term's 6-byte prefix nor the padding); empty when this returns <see langword="false"/>.</param>
    /// <returns>Whether the message is a binary.</returns>
    public bool TryGetBinary(out ReadOnlyMemory<byte> bytes)
    {
        bytes = IsBinary ? BinaryBytes() : ReadOnlyMemory<byte>.Empty;
        return IsBinary;
    }

    private ReadOnlyMemory<byte> BinaryBytes() => new(_term, QueueRecord.BinaryPrefixLength, (int)(_binaryLengthPlusOne - 1));
}
