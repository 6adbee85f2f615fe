namespace Emmap;

/// <summary>emmap's growth policy: double the mapping up to the growth step, then add the step.</summary>
internal static class GrowthPolicy
{
    /// <summary>The first length the policy reaches from <paramref name="current"/> that holds <paramref name="required"/> bytes.</summary>
    internal static long NextLength(long current, long required, long step)
    {
        long next = Math.Max(current, 1);
        while (next < required)
        {
            long grown = next < step ? next * 2 : next + step;
            if (grown <= next || grown < 0)
            {
                return required; // would overflow: take exactly what is needed
            }
            next = grown;
        }
        return next;
    }
}
