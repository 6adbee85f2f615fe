namespace Emmap;

/// <summary>
/// A push found no room: the queue has a fixed size (<see cref="MappedQueueOptions.FixedSize"/>),
/// or growing it would pass <see cref="MappedQueue.MaxSize"/>, the most the format's 32-bit offsets
/// address. Nothing was written. Popping until the queue is empty (which resets it to offset 16)
/// makes room; the message names the sizes.
/// </summary>
public sealed class MappedQueueFullException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public MappedQueueFullException()
        : base("The queue is full.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What did not fit, and the limit.</param>
    public MappedQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">What did not fit, and the limit.</param>
    /// <param name="innerException">The cause.</param>
    public MappedQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
