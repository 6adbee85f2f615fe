using System.Diagnostics;

namespace Emmap.Runtime.Tests.Counters;

/// <summary>
/// Counters shared by real processes (Emmap.TestProcess): exact under contention, intact after a
/// SIGKILL, never torn. Waits poll the shared counters with a generous deadline that fails the test;
/// none is a sleep and none asserts a duration.
/// </summary>
public sealed class CountersCrossProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<CountersFormat> Formats => new() { CountersFormat.Emmap, CountersFormat.Padded };

    public static TheoryData<CountersFormat, bool> Contention => new()
    {
        { CountersFormat.Emmap, false },
        { CountersFormat.Padded, false },
        { CountersFormat.Emmap, true },
        { CountersFormat.Padded, true },
    };

    /// <summary>
    /// Four processes race to create the file (it does not exist when they start), then increment
    /// 250,000 times each, all on counter 0 or each on its own counter. Nothing is lost, and the
    /// previous values they got back are every value from 0 up exactly once (checked by their sum
    /// and sum of squares, which the processes report).
    /// </summary>
    [Theory]
    [MemberData(nameof(Contention))]
    public void FourProcessesIncrementingAtOnceLoseNothing(CountersFormat format, bool eachOnItsOwnCounter)
    {
        const int Processes = 4;
        const int Times = 250_000;
        string path = _dir.File("counters.bin");
        var processes = new List<TestProcess>();
        try
        {
            for (int i = 0; i < Processes; i++)
            {
                int index = eachOnItsOwnCounter ? i : 0;
                processes.Add(TestProcess.Start("counters-increment", path, format.ToString(), Processes.ToString(), index.ToString(), Times.ToString()));
            }
            processes.ForEach(p => Assert.Equal("ready", p.ReadLine()));
            processes.ForEach(p => p.WriteLine("go"));
            var reports = processes.Select(p => p.ReadLine().Split(' ')).ToList();
            processes.ForEach(p => p.WaitForSuccess());
            Assert.All(reports, r => Assert.Equal("done", r[0]));
            (Int128 sum, Int128 squares) = (0, 0);
            foreach (string[] report in reports)
            {
                sum += long.Parse(report[1]);
                squares += long.Parse(report[2]);
            }

            using var counters = MappedCounters.OpenExisting(path);
            Assert.Equal(format, counters.Format);
            Assert.Equal(Processes, counters.Count);
            if (eachOnItsOwnCounter)
            {
                for (int i = 0; i < Processes; i++)
                {
                    Assert.Equal(Times, counters.ReadVolatile(i));
                }
                Assert.Equal(Processes * SumBelow(Times), sum);
                Assert.Equal(Processes * SquaresBelow(Times), squares);
            }
            else
            {
                Assert.Equal(Processes * Times, counters.ReadVolatile(0));
                Assert.All(Enumerable.Range(1, Processes - 1), i => Assert.Equal(0, counters.ReadVolatile(i)));
                Assert.Equal(SumBelow(Processes * Times), sum);
                Assert.Equal(SquaresBelow(Processes * Times), squares);
            }
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir.Path)); // one file, no temporary left
    }

    private static Int128 SumBelow(long n) => (Int128)n * (n - 1) / 2;

    private static Int128 SquaresBelow(long n) => (Int128)(n - 1) * n * (2 * n - 1) / 6;

    /// <summary>
    /// A process counts (counter 0) and, after each increment has returned, bumps its progress
    /// (counter 1); it is killed with SIGKILL in the middle of that stream. Every increment it made
    /// is in the file: the file reopens with its header intact, and counter 0 equals the progress or
    /// the progress + 1. Both are right, and nothing else is: the kill lands either between a
    /// progress bump and the next increment (equal), or between an increment and its progress bump
    /// (one more), and there is no way to tell from outside which; a lost increment would make it
    /// smaller, a torn or repeated one anything else.
    /// </summary>
    [Theory]
    [MemberData(nameof(Formats))]
    public void AProcessKilledMidStreamLeavesEveryIncrementItCompleted(CountersFormat format)
    {
        string path = _dir.File("killed.bin");
        using (MappedCounters.Open(path, 2, format))
        {
        }
        byte[] created = File.ReadAllBytes(path);
        long work;
        long progress;
        using (var counters = MappedCounters.Open(path, 2, format))
        {
            using var process = TestProcess.Start("counters-count-until-killed", path, format.ToString());
            Assert.Equal("ready", process.ReadLine());
            WaitUntil(() => counters.ReadVolatile(1) >= 100_000, "the process to make 100,000 increments");
            process.Kill();
            work = counters.ReadVolatile(0);
            progress = counters.ReadVolatile(1);
        }
        Assert.InRange(work - progress, 0, 1);

        byte[] after = File.ReadAllBytes(path);
        int headerLength = format == CountersFormat.Emmap ? 16 : 128;
        Assert.Equal(created.Length, after.Length);
        Assert.Equal(created[..headerLength], after[..headerLength]);
        using var reopened = MappedCounters.Open(path, 2, format);
        Assert.Equal(work, reopened.ReadVolatile(0));
        Assert.Equal(progress, reopened.ReadVolatile(1));
    }

    /// <summary>
    /// One process adds 0x0000_0001_0000_0001 to a counter over and over while this one reads it:
    /// every value read has equal halves (a torn read would mix two values' halves) and none is
    /// smaller than the one before. The test reads until it has seen 10,000 different values, so the
    /// reads really overlapped the writes, then tells the writer to stop through a second counter.
    /// </summary>
    [Theory]
    [MemberData(nameof(Formats))]
    public void AReaderSeesOnlyValuesTheWriterReallyReached(CountersFormat format)
    {
        const long Step = 0x0000_0001_0000_0001;
        string path = _dir.File("tear.bin");
        using var counters = MappedCounters.Open(path, 2, format);
        using var process = TestProcess.Start("counters-tear-writer", path, format.ToString(), Step.ToString());
        Assert.Equal("ready", process.ReadLine());
        long last = 0;
        int changes = 0;
        var clock = Stopwatch.StartNew();
        while (changes < 10_000)
        {
            long value = counters.ReadVolatile(0);
            Assert.True(value >> 32 == (value & 0xFFFF_FFFF), $"Torn value 0x{value:X16}: its halves differ.");
            Assert.True(value >= last, $"The counter went back from 0x{last:X16} to 0x{value:X16}.");
            changes += value != last ? 1 : 0;
            last = value;
            Assert.True(clock.Elapsed < Deadline, $"Only {changes} changes seen within {Deadline}.");
        }
        counters.Exchange(1, 1);
        string[] stopped = process.ReadLine().Split(' ');
        process.WaitForSuccess();
        Assert.Equal("stopped", stopped[0]);
        Assert.Equal(long.Parse(stopped[1]), counters.ReadVolatile(0));
        Assert.True(counters.ReadVolatile(0) >= last);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"Gave up waiting for {what} after {Deadline}.");
            Thread.Yield();
        }
    }
}
