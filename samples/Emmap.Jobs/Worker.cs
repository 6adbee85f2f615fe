using System.Diagnostics;
using Emmap;

namespace Emmap.Samples.Jobs;

/// <summary>A worker process: does its jobs and reports each one through the ring, waiting when the ring is full (the supervisor may be restarting).</summary>
internal static class Worker
{
    internal static int Run(string ringPath, int workerId, int jobs)
    {
        using var ring = MappedRing<JobDone>.Open(ringPath, Ledger.RingOptions);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        for (int job = 0; job < jobs; job++)
        {
            long started = Stopwatch.GetTimestamp();
            if (job % 4 == 0)
            {
                Thread.Sleep(1); // the "work"
            }
            // Claim a record in the ring (waiting while it is full), fill it in place, commit it.
            if (!ring.TryClaim(Timeout.InfiniteTimeSpan, patience.Token, out RingClaim<JobDone> claim))
            {
                return 1;
            }
            JobDone done = claim.Record;
            done.WorkerId = workerId;
            done.JobId = job;
            done.Result = JobDone.ExpectedResult(workerId, job);
            done.Micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            claim.Commit();
        }
        return 0;
    }
}
