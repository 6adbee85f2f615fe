using System.Numerics;
using Emmap;

namespace Emmap.Samples.Jobs;

/// <summary>
/// The supervisor's record of finished jobs: one bit per (worker, job) in a file. Setting a bit is
/// idempotent, so a report the ring delivers again after a supervisor crash (delivery is at least
/// once past the persisted read position) is counted once: exactly-once in effect.
/// </summary>
internal sealed class Ledger(MappedFile file, int jobsPerWorker) : IDisposable
{
    /// <summary>The ring both sides open: 64 KiB, about 1,300 reports.</summary>
    internal static readonly MappedRingOptions RingOptions = new() { Capacity = 1 << 16 };

    internal static Ledger Open(string path, int workers, int jobsPerWorker)
    {
        long bytes = ((((long)workers * jobsPerWorker) + 63) / 64) * 8;
        return new Ledger(MappedFile.Open(path, new MapOptions { Create = true, Length = bytes, FixedSize = true }), jobsPerWorker);
    }

    /// <summary>Records a finished job; <see langword="false"/> when it was already recorded (a redelivery).</summary>
    internal bool Record(int workerId, int jobId)
    {
        long bit = ((long)workerId * jobsPerWorker) + jobId;
        long mask = 1L << (int)(bit % 64);
        return (file.GetAndOrInt64(bit / 64 * 8, mask) & mask) == 0;
    }

    /// <summary>How many jobs are recorded.</summary>
    internal long Count()
    {
        long count = 0;
        for (long at = 0; at < file.Length; at += 8)
        {
            count += BitOperations.PopCount((ulong)file.ReadVolatileInt64(at));
        }
        return count;
    }

    public void Dispose() => file.Dispose();
}
