using Emmap;

namespace Emmap.Samples.Jobs;

/// <summary>What a worker reports when it has finished a job: one record of the ring, written in place.</summary>
[MappedLayout(Size = 24)]
public partial struct JobDone
{
    /// <summary>The worker that did the job.</summary>
    [Field(0)] public partial int WorkerId { get; set; }

    /// <summary>The job's number, 0 to the worker's job count - 1.</summary>
    [Field(4)] public partial int JobId { get; set; }

    /// <summary>The job's result (here: a checksum the supervisor verifies).</summary>
    [Field(8)] public partial long Result { get; set; }

    /// <summary>How long the job took, in microseconds.</summary>
    [Field(16)] public partial long Micros { get; set; }

    /// <summary>The result a job is expected to have: what the supervisor checks.</summary>
    public static long ExpectedResult(int workerId, int jobId) => ((long)workerId << 32) ^ (jobId * 2654435761L);
}
