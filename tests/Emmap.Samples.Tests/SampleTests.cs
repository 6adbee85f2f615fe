namespace Emmap.Samples.Tests;

public class SampleTests
{
    [Fact]
    public void TourWalksThroughTheEmmapReadme()
    {
        string output = SampleRun.Output("Emmap.Tour");

        Assert.Contains("pread(5, 3)        -> \"one\"", output);
        Assert.Contains("GetAndAddInt64(0, 5)      -> previous 1", output);
        Assert.Contains("GetAndAddInt64(3, 1)      -> ArgumentException: Position 3 is misaligned", output);
        Assert.Contains("N1=0, N2=1, N3=6, N4=7, N5=9, N6=15", output);
        Assert.Contains("Requests=42, Errors=1, State=2, LastLatencyMs=1.5", output);
        foreach (string text in new[] { "test1", "test2", "test3" })
        {
            Assert.Contains($"child:  pwrite(0, \"{text}\")\nparent: Bin = \"{text}\"", output.ReplaceLineEndings("\n"));
        }
        Assert.Contains("child:  WaitForStateChange(0) ...\nparent: State = 3\nchild:  woke: State = 3", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CountersSamplePrintsTheSeedExample()
    {
        string output = SampleRun.Output("Emmap.Counters");
        Assert.Equal("N1=0, N2=1, N3=6, N4=7, N5=9, N6=15", output.Trim());
    }

    [Fact]
    public void TwoProcessesNumberEventsWithoutTakingANumberTwice()
    {
        string output = SampleRun.Output("Emmap.Counters", "number-events");
        Assert.Contains("40 events numbered 0 to 39: no number taken twice, none skipped", output);
        Assert.Contains("waited for the count to reach 40: woken by the last increment", output);
    }

    [Fact]
    public void SupervisorsTotalsAddUp()
    {
        string output = SampleRun.Output("Emmap.Supervisor");
        Assert.Contains("OK: the totals add up", output);
    }
}
