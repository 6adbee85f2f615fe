namespace Emmap;

/// <summary>How <see cref="MappedQueue.Open"/> opens or creates a queue file. Every property is optional.</summary>
public sealed class MappedQueueOptions
{
    /// <summary>The default length of a new queue file: 64 KiB.</summary>
    public const long DefaultInitialSize = 64 * 1024;

    internal static readonly MappedQueueOptions Default = new();

    /// <summary>
    /// The length of a new file, header included: 17 bytes up to <see cref="MappedQueue.MaxSize"/>
    /// (default <see cref="DefaultInitialSize"/>). An existing file keeps its length.
    /// </summary>
    public long InitialSize { get; init; } = DefaultInitialSize;

    /// <summary>
    /// Never grow the file (emmap's <c>fixed_size</c>): a push that does not fit throws
    /// <see cref="MappedQueueFullException"/>. Applies to this instance's pushes; the file does not
    /// record it.
    /// </summary>
    public bool FixedSize { get; init; }

    /// <summary>
    /// How a growable queue grows: the file doubles until it reaches this many bytes, then grows by
    /// this many at a time, never past <see cref="MappedQueue.MaxSize"/>. Default
    /// <see cref="MapOptions.DefaultGrowthStep"/>.
    /// </summary>
    public long GrowthStep { get; init; } = MapOptions.DefaultGrowthStep;

    /// <summary>The Unix permissions of a new file (default <c>0600</c>; the umask applies). Ignored on Windows.</summary>
    public UnixFileMode CreateMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Refuse to open the path when it is a symbolic link, as <see cref="MapOptions.RefuseSymlinks"/> does.</summary>
    public bool RefuseSymlinks { get; init; }

    internal void Validate()
    {
        if (InitialSize <= QueueHeader.Length || InitialSize > MappedQueue.MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialSize), InitialSize,
                $"MappedQueueOptions.InitialSize {InitialSize} is out of range: a queue file is {QueueHeader.Length + 1} to {MappedQueue.MaxSize} bytes (a 16-byte header, records, 32-bit offsets).");
        }
        if (GrowthStep <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GrowthStep), GrowthStep, $"MappedQueueOptions.GrowthStep {GrowthStep} is not positive.");
        }
    }
}
