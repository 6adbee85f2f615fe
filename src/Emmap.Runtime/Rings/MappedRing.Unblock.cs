using System.Diagnostics;

namespace Emmap;

// Claims whose producer died before committing (docs/architecture.md, "Dead producers"). Runs only
// when the head record is not committed while the tail is past it: never on the fast path.
public sealed unsafe partial class MappedRing
{
    /// <summary>How long a claim must have blocked the head before its producer is first asked whether it runs (a /proc read).</summary>
    private static readonly long ProbeIntervalTicks = Stopwatch.Frequency / 1000;

    private long _skippedClaims;

    /// <summary>What one caller (the consumer, or a producer waiting for room) has seen of a claim blocking the head.</summary>
    internal struct BlockedHead
    {
        /// <summary>The head position the claim blocks; -1 when none was seen.</summary>
        internal long Position;

        /// <summary>When it was first seen (a <see cref="Stopwatch"/> timestamp).</summary>
        internal long Since;

        /// <summary>When its producer was last asked.</summary>
        internal long LastProbe;

        public BlockedHead() => Position = -1;
    }

    /// <summary>
    /// Looks at the record at <paramref name="head"/>: <see langword="true"/> when it can be read
    /// (committed, padding, or just turned into padding here because its producer is dead, or is
    /// unanswering past the timeout, or never stamped it within the timeout).
    /// </summary>
    /// <param name="head">The position a reader is blocked at.</param>
    /// <param name="blocked">What this caller saw of the claim there before.</param>
    /// <param name="lookAtTail">
    /// Whether to read the tail when the record is not stamped, to tell a claim whose producer died
    /// before stamping it from an empty ring. The tail is the producers' line: a reader polling an
    /// empty ring reads it only now and then, or every next claim pays for taking the line back.
    /// </param>
    internal bool TryUnblockHead(long head, ref BlockedHead blocked, bool lookAtTail = true)
    {
        int index = (int)head & _mask;
        long* record = (long*)(_data + index);
        long word = Volatile.Read(ref *record);
        int length = (int)word;
        if (length > 0)
        {
            return true;
        }
        long tail = 0;
        if (length == 0)
        {
            // Free space is zero: nothing is claimed at the head, or a producer is (or died) between
            // its compare-and-exchange on the tail and its first store. Only the tail tells which.
            if (!lookAtTail)
            {
                return false;
            }
            tail = Volatile.Read(ref *(long*)(_base + RingHeader.TailOffset));
            if (tail == head)
            {
                blocked.Position = -1;
                return false;
            }
        }
        long now = Stopwatch.GetTimestamp();
        if (blocked.Position != head)
        {
            blocked = new BlockedHead { Position = head, Since = now, LastProbe = now };
            return false;
        }
        bool timedOut = now - blocked.Since >= _abandonedTicks;
        if (length == 0)
        {
            // Claimed (the tail is past it) but not stamped: the producer is between its
            // compare-and-exchange and its first store, or died there. Nobody to ask: timeout.
            return timedOut && SkipUnstamped(head, tail, word);
        }
        if ((int)(word >> 32) != RingHeader.KindWord(RingHeader.MessageKind, head, _capacityShift))
        {
            return false; // not this lap's claim: the head moved on meanwhile (or the record is corrupt)
        }
        ulong owner = Volatile.Read(ref *(ulong*)((byte*)record + RingHeader.OwnerFieldOffset));
        if (owner != 0)
        {
            if (now - blocked.LastProbe < ProbeIntervalTicks && !timedOut)
            {
                return false;
            }
            blocked.LastProbe = now;
            ProcessIdentity.Liveness liveness = ProcessIdentity.Probe(owner);
            if (liveness == ProcessIdentity.Liveness.Alive || (liveness == ProcessIdentity.Liveness.Unknown && !timedOut))
            {
                return false;
            }
        }
        else if (!timedOut)
        {
            return false; // the length is stamped, the owner not yet
        }
        long padded = LengthAndKind(-length, RingHeader.KindWord(RingHeader.PaddingKind, head, _capacityShift));
        if (Interlocked.CompareExchange(ref *record, padded, word) != word)
        {
            return Volatile.Read(ref *(int*)record) > 0; // committed meanwhile
        }
        Interlocked.Increment(ref _skippedClaims);
        WaitTable.Notify(_seed, record);
        return true;
    }

    /// <summary>
    /// Turns the unstamped claim at <paramref name="head"/> into padding up to the next record that
    /// has a length (or the tail, or the end of the ring's memory). Free space is zero, so the first
    /// non-zero length word after it starts the next record; the gap is checked again after the scan
    /// so that a record being stamped meanwhile is never cut.
    /// </summary>
    private bool SkipUnstamped(long head, long tail, long word)
    {
        int index = (int)head & _mask;
        int tailIndex = (int)tail & _mask;
        int limit = tailIndex > index ? tailIndex : (int)_capacity;
        int end = limit;
        for (int i = index + RingHeader.RecordAlignment; i < limit; i += RingHeader.RecordAlignment)
        {
            if (Volatile.Read(ref *(int*)(_data + i)) != 0)
            {
                end = i;
                break;
            }
        }
        for (int i = index + RingHeader.RecordAlignment; i < end; i += RingHeader.RecordAlignment)
        {
            if (Volatile.Read(ref *(int*)(_data + i)) != 0)
            {
                return false;
            }
        }
        long* record = (long*)(_data + index);
        if (Interlocked.CompareExchange(ref *record, LengthAndKind(end - index, RingHeader.KindWord(RingHeader.PaddingKind, head, _capacityShift)), word) != word)
        {
            return false;
        }
        Interlocked.Increment(ref _skippedClaims);
        WaitTable.Notify(_seed, record);
        return true;
    }
}
