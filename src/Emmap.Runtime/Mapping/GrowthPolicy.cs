using System.Numerics;

namespace Emmap;

/// <summary>emmap's growth policy: double the mapping up to the growth step, then add the step.</summary>
internal static class GrowthPolicy
{
    /// <summary>
    /// The longest mapping Emmap makes: 128 TiB (2^47 bytes), the address space a 64-bit Linux
    /// process can map (x64 and arm64 with 4-level page tables). A longer mapping, or a write whose
    /// growth would need one, fails at once naming the limit, before the file is touched.
    /// </summary>
    internal const long MaxLength = 1L << 47;

    /// <summary>
    /// The first length the policy reaches from <paramref name="current"/> that holds
    /// <paramref name="required"/> bytes, computed in constant time (a growth to a huge position
    /// must not loop), and never more than <see cref="MaxLength"/> unless <paramref name="required"/> is.
    /// </summary>
    internal static long NextLength(long current, long required, long step)
    {
        long next = Math.Max(current, 1);
        if (next >= required)
        {
            return next;
        }
        if (next < step)
        {
            // Doubling: the fewest doublings that reach min(required, step).
            long target = Math.Min(required, step);
            long ratio = (target - 1) / next + 1; // ceil(target / next), at least 2
            int doublings = BitOperations.Log2((ulong)(ratio - 1)) + 1;
            if (doublings >= 63 - BitOperations.Log2((ulong)next))
            {
                return required; // would overflow: take exactly what is needed
            }
            next <<= doublings;
            if (next >= required)
            {
                return Math.Max(required, Math.Min(next, MaxLength));
            }
        }
        // Adding the step: the fewest steps that reach required.
        long steps = (required - next - 1) / step + 1;
        if (steps > (long.MaxValue - next) / step)
        {
            return required;
        }
        return Math.Max(required, Math.Min(next + steps * step, MaxLength));
    }

    /// <summary>Throws unless a mapping of <paramref name="length"/> bytes is within <see cref="MaxLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not; the message names the value and the limit.</exception>
    internal static void ThrowIfUnmappable(string name, long value, long length, string what)
    {
        if (length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{what} needs a mapping of {length} bytes, past the largest Emmap can make ({MaxLength} bytes, 128 TiB: the address space a process can map).");
        }
    }
}
