using System.ComponentModel;
using System.Diagnostics;

namespace Emmap;

/// <summary>
/// For generated code: the waiting state of one <see cref="SequenceLock"/> read or write that found
/// the lock busy. Lives on the caller's stack; the uncontended path never touches it. It spins
/// briefly, then yields, then sleeps a millisecond at a time, and only once it has spun does it ask
/// whether the holder still runs (<c>docs/architecture.md</c>, "Owners that die").
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SequenceRetry
{
    /// <summary>Pauses that spin (growing from 1 to 64 spin iterations) before the first yield.</summary>
    internal const int SpinPauses = 24;

    /// <summary>Pauses that yield the thread before the waiter sleeps between looks.</summary>
    internal const int YieldPauses = 40;

    /// <summary>How often a waiter past its spin probes the holder's liveness.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(1);

    private int _pauses;
    private ulong _pausedAt;
    private readonly long _deadline;
    private long _nextProbe;
    private ulong _unknownOwner;
    private ulong _unknownSequence;
    private long _unknownSince;

    /// <summary>A wait that gives up once <paramref name="timeout"/> has passed (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    /// <param name="timeout">The longest wait; zero tries once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
    public SequenceRetry(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            _deadline = 0;
            return;
        }
        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The timeout {timeout} is negative; use a positive time, zero, or Timeout.InfiniteTimeSpan.");
        }
        _deadline = Stopwatch.GetTimestamp() + Math.Max(1, (long)(timeout.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Whether a bounded wait ran out of time.</summary>
    internal bool Expired { get; private set; }

    /// <summary>The dead holder whose abandoned update a reader accepted (0 when none).</summary>
    internal ulong AcceptedOwner { get; set; }

    /// <summary>
    /// After a read whose sequence moved under it: the writer is making progress, so look again at
    /// once (a few spin iterations), without escalating towards sleep; false (and
    /// <see cref="Expired"/>) when the deadline has passed.
    /// </summary>
    internal bool Retry()
    {
        if (_deadline != 0 && Stopwatch.GetTimestamp() >= _deadline)
        {
            Expired = true;
            return false;
        }
        Thread.SpinWait(4);
        return true;
    }

    /// <summary>
    /// While the lock is held (the sequence is odd): waits a little before the next look, spinning,
    /// then yielding, then sleeping; false (and <see cref="Expired"/>) when the deadline has passed.
    /// The back-off starts again whenever <paramref name="sequence"/> differs from the last pause's:
    /// a writer that keeps finishing updates is making progress, and only a lock held at one
    /// sequence (a writer preempted, stopped or dead mid-update) is worth sleeping on. Without
    /// this, a reader against a writer in a tight loop, which holds the lock most of the time,
    /// would sleep a millisecond per look.
    /// </summary>
    /// <param name="sequence">The odd sequence word seen.</param>
    internal bool Pause(ulong sequence)
    {
        if (sequence != _pausedAt)
        {
            _pausedAt = sequence;
            _pauses = 0;
        }
        if (_deadline != 0 && Stopwatch.GetTimestamp() >= _deadline)
        {
            Expired = true;
            return false;
        }
        int pauses = ++_pauses;
        if (pauses <= SpinPauses)
        {
            Thread.SpinWait(1 << Math.Min(pauses / 4, 6));
        }
        else if (pauses <= SpinPauses + YieldPauses)
        {
            Thread.Yield();
        }
        else
        {
            Thread.Sleep(1);
        }
        return true;
    }

    /// <summary>
    /// Whether the holder <paramref name="owner"/> (seen with <paramref name="sequence"/>) no longer
    /// holds the lock in any meaningful way: it is dead, or its liveness cannot be told and it has
    /// held the same sequence for <see cref="SequenceLock.UnknownOwnerTimeout"/>. Makes no system
    /// call until the waiter has spun, then at most one per <see cref="ProbeInterval"/>.
    /// </summary>
    internal bool OwnerIsGone(ulong owner, ulong sequence)
    {
        if (_pauses < SpinPauses)
        {
            return false;
        }
        long now = Stopwatch.GetTimestamp();
        if (now < _nextProbe)
        {
            return false;
        }
        _nextProbe = now + (long)(ProbeInterval.TotalSeconds * Stopwatch.Frequency);
        switch (ProcessIdentity.Probe(owner))
        {
            case ProcessIdentity.Liveness.Dead:
                return true;
            case ProcessIdentity.Liveness.Alive:
                _unknownSince = 0;
                return false;
            default:
                if (_unknownSince == 0 || _unknownOwner != owner || _unknownSequence != sequence)
                {
                    _unknownOwner = owner;
                    _unknownSequence = sequence;
                    _unknownSince = now;
                    return false;
                }
                return now - _unknownSince >= (long)(SequenceLock.UnknownOwnerTimeout.TotalSeconds * Stopwatch.Frequency);
        }
    }
}
