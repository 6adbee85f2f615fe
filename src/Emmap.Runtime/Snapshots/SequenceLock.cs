using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Emmap;

/// <summary>
/// A layout's sequence lock (a seqlock): the 16 bytes that make a <see cref="MappedLayoutAttribute"/>
/// struct's snapshots consistent across processes. Declare it with <see cref="SequenceLockAttribute"/>;
/// the generator's <c>ReadSnapshot()</c>, <c>WriteSnapshot</c> and <c>BeginUpdate()</c> run it. This
/// handle reports its state; copying it copies the handle, not the data.
/// </summary>
/// <remarks>
/// <para>
/// Bytes 0 to 7 are the sequence word: bit 0 is set while a write is in progress, bit 63 marks an
/// abandoned update (<see cref="HasAbandonedUpdate"/>), the bits between count writes. Bytes 8 to 15
/// are the owner word: the writing process's identity (process id and start time), or 0. A writer
/// claims the owner word with one compare-and-exchange, makes the sequence odd, writes, makes it
/// even and clears the owner; a reader reads the sequence, the members and the sequence again, and
/// keeps the copy only when the sequence was even and did not move. Writers in different processes
/// (and threads) serialise on the owner word.
/// </para>
/// <para>
/// A writer that dies while it holds the lock blocks nobody for long: a waiter that has spun probes
/// the owner (never on the uncontended path), and a dead one is taken over by the next writer
/// within a few milliseconds of its death; when liveness cannot be told (another pid namespace) the
/// owner is taken over after <see cref="UnknownOwnerTimeout"/>. Readers never write: a reader that
/// finds a dead owner mid-update returns the members as the dead writer left them. Each member
/// then holds its old or its new value (every member access is untorn), and
/// <see cref="HasAbandonedUpdate"/> is true until a whole <c>WriteSnapshot</c> replaces them.
/// <c>docs/architecture.md</c>, "Owners that die", has the protocol and the bounds.
/// </para>
/// </remarks>
public readonly struct SequenceLock
{
    /// <summary>The bytes a sequence lock takes in a layout.</summary>
    public const int Size = 16;

    /// <summary>The alignment a sequence lock needs.</summary>
    public const int Alignment = 8;

    private const int SequenceOffset = 0;
    private const int OwnerOffset = 8;
    private const ulong Writing = 1;
    private const ulong Abandoned = 1UL << 63;

    private readonly MappedView _view;
    private readonly int _offset;

    /// <summary>For generated code: the lock at <paramref name="offset"/> in <paramref name="view"/>.</summary>
    /// <param name="view">The layout's view.</param>
    /// <param name="offset">The lock's offset in the layout (a multiple of 8, checked by the analyzer).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public SequenceLock(MappedView view, int offset)
    {
        _view = view;
        _offset = offset;
    }

    /// <summary>
    /// How long a holder whose liveness cannot be told (it runs in another pid namespace, or
    /// <c>/proc</c> is not there) may hold the lock at one sequence before a waiting writer takes it
    /// over and a waiting reader returns the state it left.
    /// </summary>
    public static TimeSpan UnknownOwnerTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The sequence word without its abandoned-update flag: even when no write is in progress, and
    /// larger after every write (a reader can compare two values to tell whether anything was written).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public ulong Sequence => _view.Read<ulong>(_offset + SequenceOffset) & ~Abandoned;

    /// <summary>Whether a write holds the lock now.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public bool IsWriting => (_view.Read<ulong>(_offset + SequenceOffset) & Writing) != 0;

    /// <summary>The process id of the writer that holds the lock, or 0 when none does.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public int OwnerProcessId => ProcessIdentity.ProcessIdOf(_view.Read<ulong>(_offset + OwnerOffset));

    /// <summary>
    /// Whether a writer died in the middle of an update, so the members may mix its new values with
    /// the old ones: true while a dead owner still holds the lock mid-update (this probes it), and
    /// after a writer took the lock over from it, until a whole <c>WriteSnapshot</c> writes every member.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    public bool HasAbandonedUpdate
    {
        get
        {
            ulong sequence = _view.Read<ulong>(_offset + SequenceOffset);
            if ((sequence & Abandoned) != 0)
            {
                return true;
            }
            return (sequence & Writing) != 0
                && ProcessIdentity.Probe(_view.Read<ulong>(_offset + OwnerOffset)) == ProcessIdentity.Liveness.Dead
                && _view.Read<ulong>(_offset + SequenceOffset) == sequence;
        }
    }

    /// <summary>For generated code: the first look of a read, without waiting: the sequence word as it is (validate with <see cref="EndRead(ulong)"/>).</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong BeginRead() => _view.Read<ulong>(_offset + SequenceOffset);

    /// <summary>
    /// For generated code: whether the members read since <see cref="BeginRead()"/> returned
    /// <paramref name="sequence"/> are one consistent state: no write was in progress then and none
    /// has moved the sequence since. When not, the caller retries through <see cref="BeginRead(ref SequenceRetry)"/>.
    /// </summary>
    /// <param name="sequence">What <see cref="BeginRead()"/> returned.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool EndRead(ulong sequence) =>
        (sequence & Writing) == 0 && _view.ReadUnchecked<ulong>(_offset + SequenceOffset) == sequence;

    /// <summary>For generated code: waits until no write is in progress (or its writer is dead) and returns the sequence to validate the read with.</summary>
    /// <param name="retry">The caller's waiting state.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong BeginRead(ref SequenceRetry retry)
    {
        ulong sequence = _view.Read<ulong>(_offset + SequenceOffset);
        if ((sequence & Writing) == 0)
        {
            return sequence;
        }
        WaitToRead(ref retry, out sequence);
        return sequence;
    }

    /// <summary>For generated code: <see cref="BeginRead(ref SequenceRetry)"/> that gives up when <paramref name="retry"/>'s deadline passes.</summary>
    /// <param name="retry">The caller's waiting state, with its deadline.</param>
    /// <param name="sequence">The sequence to validate the read with.</param>
    /// <returns>False when the deadline passed first.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryBeginRead(ref SequenceRetry retry, out ulong sequence)
    {
        sequence = _view.Read<ulong>(_offset + SequenceOffset);
        if ((sequence & Writing) == 0 && !retry.Expired)
        {
            return true;
        }
        return !retry.Expired && WaitToRead(ref retry, out sequence);
    }

    /// <summary>For generated code: whether the members read since <see cref="BeginRead(ref SequenceRetry)"/> returned <paramref name="sequence"/> are one consistent state.</summary>
    /// <param name="sequence">What <see cref="BeginRead(ref SequenceRetry)"/> returned.</param>
    /// <param name="retry">The caller's waiting state.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool EndRead(ulong sequence, ref SequenceRetry retry)
    {
        // Unchecked: BeginRead checked that the file was open, and the mapping stays until the view is unreachable.
        if (_view.ReadUnchecked<ulong>(_offset + SequenceOffset) == sequence
            && ((sequence & Writing) == 0 || _view.ReadUnchecked<ulong>(_offset + OwnerOffset) == retry.AcceptedOwner))
        {
            return true;
        }
        Moved(ref retry);
        return false;
    }

    /// <summary>A writer moved the sequence under a read: look again at once (and run out of time if bounded).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Moved(ref SequenceRetry retry) => retry.Retry();

    /// <summary>For generated code: takes the lock for a write and makes the sequence odd; returns the token <see cref="Exit"/> needs.</summary>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Enter()
    {
        ulong me = ProcessIdentity.Current;
        if (_view.CompareExchangeUInt64(_offset + OwnerOffset, me, 0) != 0)
        {
            var retry = default(SequenceRetry);
            WaitToWrite(me, ref retry);
        }
        return Begin();
    }

    /// <summary>With the owner word taken: makes the sequence odd and returns the token <see cref="Exit"/> needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Begin()
    {
        ulong sequence = _view.Read<ulong>(_offset + SequenceOffset);
        // An odd sequence here was left by a writer that died mid-update (or was presumed gone):
        // keep it odd, move it on, and mark the update abandoned until a whole snapshot is written.
        ulong token = (sequence & Writing) == 0 ? sequence + 1 : (sequence + 2) | Abandoned;
        _view.Write(_offset + SequenceOffset, token);
        return token;
    }

    /// <summary>
    /// For generated code: <see cref="Enter"/>, giving up when <paramref name="timeout"/> passes
    /// while another live writer holds the lock (a dead one is still taken over).
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="TimeSpan.Zero"/> for one try, <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="token">What <see cref="Exit"/> needs, when the lock was taken.</param>
    /// <returns>Whether the lock was taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool TryEnter(TimeSpan timeout, out ulong token)
    {
        var retry = new SequenceRetry(timeout);
        ulong me = ProcessIdentity.Current;
        if (_view.CompareExchangeUInt64(_offset + OwnerOffset, me, 0) != 0 && !WaitToWrite(me, ref retry))
        {
            token = 0;
            return false;
        }
        token = Begin();
        return true;
    }

    /// <summary>For generated code: publishes the write <see cref="Enter"/> began and lets the lock go. Does nothing when called again with the same token.</summary>
    /// <param name="token">What <see cref="Enter"/> returned.</param>
    /// <param name="wroteEveryMember">Whether the write replaced every member (clears <see cref="HasAbandonedUpdate"/>).</param>
    /// <exception cref="ObjectDisposedException">The file has been disposed.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit(ulong token, bool wroteEveryMember)
    {
        if (_view.Read<ulong>(_offset + SequenceOffset) != token)
        {
            return; // already published (a second Dispose), or another writer took the lock over
        }
        _view.Write(_offset + SequenceOffset, wroteEveryMember ? (token + 1) & ~Abandoned : token + 1);
        _view.CompareExchangeUInt64(_offset + OwnerOffset, 0, ProcessIdentity.Current);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitToRead(ref SequenceRetry retry, out ulong sequence)
    {
        while (true)
        {
            sequence = _view.Read<ulong>(_offset + SequenceOffset);
            if ((sequence & Writing) == 0)
            {
                return true;
            }
            ulong owner = _view.Read<ulong>(_offset + OwnerOffset);
            if (retry.OwnerIsGone(owner, sequence))
            {
                // Accept the dead writer's state as it stands; EndRead checks that nobody took over meanwhile.
                retry.AcceptedOwner = owner;
                return true;
            }
            if (!retry.Pause(sequence))
            {
                return false;
            }
        }
    }

    /// <summary>Waits for the owner word and takes it; false when <paramref name="retry"/>'s deadline passed first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitToWrite(ulong me, ref SequenceRetry retry)
    {
        while (true)
        {
            ulong owner = _view.Read<ulong>(_offset + OwnerOffset);
            if (owner == 0)
            {
                if (_view.CompareExchangeUInt64(_offset + OwnerOffset, me, 0) == 0)
                {
                    return true;
                }
                continue;
            }
            ulong sequence = _view.Read<ulong>(_offset + SequenceOffset);
            if (retry.OwnerIsGone(owner, sequence)
                && _view.CompareExchangeUInt64(_offset + OwnerOffset, me, owner) == owner)
            {
                return true; // took over from a dead owner; Begin sees whether it died mid-update
            }
            if (!retry.Pause(sequence))
            {
                return false;
            }
        }
    }
}
