namespace Emmap;

/// <summary>How <see cref="MappedRing.Open"/> and <see cref="MappedRing{T}.Open"/> open or create a ring. Every property is optional.</summary>
public sealed class MappedRingOptions
{
    /// <summary>The default capacity: 1 MiB of messages.</summary>
    public const long DefaultCapacity = 1 << 20;

    /// <summary>The default <see cref="AbandonedClaimTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultAbandonedClaimTimeout = TimeSpan.FromSeconds(10);

    internal static readonly MappedRingOptions Default = new();

    /// <summary>
    /// The bytes of messages the ring holds (record headers and alignment included): a power of two
    /// from 256 bytes to 1 GiB. A new file gets it; an existing file must have it, or opening fails
    /// naming both. <see langword="null"/> (the default) takes an existing file's capacity as it is
    /// and gives a new file or an anonymous ring <see cref="DefaultCapacity"/>: a consumer or producer
    /// that joins a ring need not know how it was created.
    /// </summary>
    public long? Capacity { get; init; }

    /// <summary>The capacity a new ring gets: <see cref="Capacity"/>, or <see cref="DefaultCapacity"/>.</summary>
    internal long CreateCapacity => Capacity ?? DefaultCapacity;

    /// <summary>The most reader slots a broadcast ring may have: 64.</summary>
    public const int MaxReaderSlots = 64;

    /// <summary>
    /// The ring's reader slots, from 0 to <see cref="MaxReaderSlots"/>. 0 (what a new file or an
    /// anonymous ring gets when this is <see langword="null"/>) is a single-consumer ring, read
    /// through <see cref="MappedRing.Read"/>. More makes a <b>broadcast</b> ring: up to that many named
    /// readers (<see cref="MappedRing.OpenReader"/>), each seeing every message with its own persisted
    /// position, and producers held back by the slowest. An existing file must have the given number,
    /// or opening fails naming both; <see langword="null"/> (the default) takes the file's as it is.
    /// </summary>
    public int? MaxReaders { get; init; }

    /// <summary>The reader slots a new ring gets: <see cref="MaxReaders"/>, or 0 (a single-consumer ring).</summary>
    internal int CreateReaders => MaxReaders ?? 0;

    /// <summary>
    /// How long a claimed, uncommitted message may block the consumer when its producer cannot be
    /// told alive or dead, before it is skipped as abandoned. It applies only when the producer's
    /// liveness is unknown (another pid namespace, no <c>/proc</c>) or the producer died in the few
    /// instructions between taking its slot and stamping its identity into it: a producer known to be
    /// dead is skipped at once, and one known to be alive is waited for. A live producer that stalls
    /// longer than this between claim and commit, with its liveness unknown, loses its message (its
    /// commit throws). Default <see cref="DefaultAbandonedClaimTimeout"/>; at least 1 ms.
    /// </summary>
    public TimeSpan AbandonedClaimTimeout { get; init; } = DefaultAbandonedClaimTimeout;

    /// <summary>The Unix permissions of a new file (default <c>0600</c>; the umask applies). Ignored on Windows.</summary>
    public UnixFileMode CreateMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Refuse to open the path when it is a symbolic link, as <see cref="MapOptions.RefuseSymlinks"/> does.</summary>
    public bool RefuseSymlinks { get; init; }

    internal void Validate()
    {
        RingHeader.CheckCapacity(CreateCapacity, nameof(Capacity));
        if (MaxReaders is < 0 or > MaxReaderSlots)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReaders), MaxReaders,
                $"MappedRingOptions.MaxReaders {MaxReaders} is out of range: 0 (a single-consumer ring) to {MaxReaderSlots} reader slots.");
        }
        if (AbandonedClaimTimeout < TimeSpan.FromMilliseconds(1) || AbandonedClaimTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(AbandonedClaimTimeout), AbandonedClaimTimeout,
                $"MappedRingOptions.AbandonedClaimTimeout {AbandonedClaimTimeout} is out of range: 1 ms to {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }
    }
}
