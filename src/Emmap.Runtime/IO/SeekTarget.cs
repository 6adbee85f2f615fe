namespace Emmap;

/// <summary>The arithmetic of <see cref="Stream.Seek"/>, shared by <see cref="MappedFile.Seek"/> and the stream adapter.</summary>
internal static class SeekTarget
{
    /// <summary>
    /// The position <paramref name="offset"/> bytes from <paramref name="origin"/>, or -1 with
    /// <paramref name="error"/> saying why there is none (before the beginning, or an overflow);
    /// each caller throws the exception its contract names.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="origin"/> is not a <see cref="SeekOrigin"/>.</exception>
    internal static long Resolve(long offset, SeekOrigin origin, long current, long length, out string? error)
    {
        long start = origin switch
        {
            SeekOrigin.Begin => 0,
            SeekOrigin.Current => current,
            SeekOrigin.End => length,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, $"SeekOrigin {origin} is not Begin, Current or End."),
        };
        long target = unchecked(start + offset);
        error = (offset < 0 ? target > start : target < start) ? $"Offset {offset} from {origin} ({start}) overflows."
            : target < 0 ? $"Offset {offset} from {origin} ({start}) is before the beginning, at {target}."
            : null;
        return error is null ? target : -1;
    }
}
