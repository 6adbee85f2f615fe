using Emmap;

namespace Emmap.Samples.Jobs;

/// <summary>
/// The supervisor process: the ring's one consumer. It reads the workers' reports in batches,
/// sleeping while there are none, and records each in the ledger. Killed at any moment and started
/// again, it continues from the ring's persisted read position: nothing committed is missed.
/// </summary>
internal static class Supervisor
{
    internal static int Run(string ringPath, string ledgerPath, int workers, int jobsPerWorker)
    {
        using var ring = MappedRing<JobDone>.Open(ringPath, Ledger.RingOptions);
        using var ledger = Ledger.Open(ledgerPath, workers, jobsPerWorker);
        long expected = (long)workers * jobsPerWorker;
        long recorded = ledger.Count();
        long redelivered = 0;
        long wrong = 0;
        RingRecordHandler<JobDone> handle = (done, _) =>
        {
            if (done.Result != JobDone.ExpectedResult(done.WorkerId, done.JobId))
            {
                wrong++;
            }
            if (ledger.Record(done.WorkerId, done.JobId))
            {
                recorded++;
            }
            else
            {
                redelivered++;
            }
        };
        _ = ring.Read(handle, 1); // takes the consumer role (one supervisor at a time)
        Console.WriteLine($"ready at position {ring.Ring.ReadPosition}, {recorded} jobs already recorded");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (recorded < expected && DateTime.UtcNow < deadline)
        {
            if (ring.Read(handle) == 0)
            {
                _ = ring.WaitForMessages(TimeSpan.FromMilliseconds(200));
            }
        }
        Console.WriteLine($"supervisor: {recorded} of {expected} jobs recorded, {redelivered} reports delivered again after a restart, {wrong} wrong results");
        return recorded == expected && wrong == 0 ? 0 : 1;
    }
}
