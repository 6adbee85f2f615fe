namespace Emmap;

/// <summary>What a <see cref="QueueMessage"/> holds: a binary (its bytes), or any other Erlang term (its raw encoding).</summary>
public enum QueueMessageKind
{
    /// <summary>
    /// An Erlang binary (<c>term_to_binary(B)</c> of a binary <c>B</c>, tags 131 and 109): what
    /// <see cref="MappedQueue.Push"/> writes and an Erlang node's <c>push(Q, &lt;&lt;...&gt;&gt;)</c>
    /// stores. <see cref="QueueMessage.Payload"/> is the binary's bytes.
    /// </summary>
    Binary = 0,

    /// <summary>
    /// Any other term: an atom, a tuple, a number, a list, a compressed term (tag 80 after the 131),
    /// or bytes that are not a term at all. <see cref="QueueMessage.Payload"/> is the record's raw
    /// bytes in external term format, exactly as stored, for the caller to decode.
    /// </summary>
    OtherTerm = 1,
}
