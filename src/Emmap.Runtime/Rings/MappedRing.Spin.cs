namespace Emmap;

// How the ring's waits spin before they sleep: a reader's wait for a message (with a pause that
// grows under load), a producer's wait for room (docs/architecture.md, "The ring").
public sealed partial class MappedRing
{
    /// <summary>
    /// The reader's spin before it sleeps, after a pause that grows while messages come faster than
    /// it reads them. A reader that has caught up with a fast producer and looks again at once reads
    /// one message at a time, in lockstep with the producer: each look takes the line the producer
    /// writes next, and each claim then waits for it to come back. So when a message is there at the
    /// first look after the pause, the pause doubles (up to <see cref="MaxBackoff"/>) and the producer
    /// writes a batch undisturbed; when the reader has to spin for it, messages are sparse and the
    /// pause drops to 0, so a reader waiting for the next message of a conversation sees it at once.
    /// </summary>
    internal static bool SpinAfterBackoff<TCondition>(TCondition ready, RingReadState state)
        where TCondition : struct, IWaitCondition
    {
        if (state.Backoff != 0)
        {
            Thread.SpinWait(state.Backoff);
        }
        int rounds = SpinUntil(ready);
        state.Backoff = rounds == 0 ? Math.Min(Math.Max(1, state.Backoff * 2), MaxBackoff) : 0;
        return rounds >= 0;
    }

    /// <summary>
    /// The longest pause of <see cref="SpinAfterBackoff"/>, in <see cref="Thread.SpinWait"/> iterations
    /// (about 2.5 µs on the benchmark machine): what a message can wait for a reader that keeps up with
    /// a fast producer. Caps of 16 and 32 gave a one-producer stream less throughput
    /// (docs/benchmarks.md, "The ring after two fixes").
    /// </summary>
    internal const int MaxBackoff = 64;

    /// <summary>
    /// Spins (then yields) for <see cref="SpinLimit"/> rounds until <paramref name="condition"/> is met,
    /// before a wait sleeps on it (the consumer's wait for a message, a producer's wait for room): a
    /// busy ring's waiters then rarely sleep, so the other side rarely pays for a wake (a system call).
    /// </summary>
    /// <returns>The rounds it took (0: met at the first look), or -1 when it was not met.</returns>
    internal static int SpinUntil<TCondition>(TCondition condition)
        where TCondition : struct, IWaitCondition
    {
        // SpinWait yields the core after its first few spins: on a busy machine the process that
        // will write may be waiting for this very core.
        var spinner = new SpinWait();
        while (!condition.IsMet())
        {
            if (spinner.Count >= SpinLimit)
            {
                return -1;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return spinner.Count;
    }

    /// <summary>How many rounds <see cref="WaitForMessages"/> (and a producer waiting for room) spins before it sleeps: some µs of pauses, then yields.</summary>
    private const int SpinLimit = 30;
}
