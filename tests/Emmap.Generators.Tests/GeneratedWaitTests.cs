using System.Diagnostics;
using System.Reflection;
using Emmap.Generators.Tests.Infrastructure;
using Emmap.Generators.Tests.Layouts;

namespace Emmap.Generators.Tests;

/// <summary>
/// The waits the generator writes: one pair (sync and async) per 4- or 8-byte field or counter, an
/// "at least" pair per counter, none for other members; and they work: a setter or an atomic on
/// another thread wakes them, a timeout returns false, a dispose ends them.
/// </summary>
public sealed class GeneratedWaitTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly MappedFile _file = MappedFile.CreateAnonymous(4096);

    public void Dispose() => _file.Dispose();

    [Fact]
    public void WaitsExistExactlyForFourAndEightByteFieldsAndCounters()
    {
        string[] waits = typeof(AllKinds).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => m.Name).Where(n => n.StartsWith("Wait", StringComparison.Ordinal)).Distinct().Order().ToArray();
        string[] expected = new[] { "Ratio", "Mean", "Big", "Int32Counter", "UInt32Counter", "Int64Counter", "UInt64Counter" }
            .SelectMany(m => new[] { $"WaitFor{m}Change", $"WaitFor{m}ChangeAsync" })
            .Concat(new[] { "Int32Counter", "UInt32Counter", "Int64Counter", "UInt64Counter" }.SelectMany(m => new[] { $"WaitUntil{m}AtLeast", $"WaitUntil{m}AtLeastAsync" }))
            .Order().ToArray();
        Assert.Equal(expected, waits); // not Enabled (1 byte), Grade (char), Health (a short enum), Port, Small, Tiny, arrays
    }

    [Fact]
    public void GeneratedWaitsCallTheViewWithTheMembersOffsetAndType()
    {
        string source = TestCompilation.Run(Sources.ServiceStats).Sources["Demo.ServiceStats.g.cs"];
        Assert.Contains("public readonly bool WaitForStateChange(int seen, global::System.TimeSpan timeout, global::System.Threading.CancellationToken cancellationToken = default) => __emmapView.WaitForChange<int>(8, seen, timeout, cancellationToken);", source);
        Assert.Contains("public readonly global::System.Threading.Tasks.ValueTask<bool> WaitUntilErrorsAtLeastAsync(long minimum, global::System.TimeSpan timeout, global::System.Threading.CancellationToken cancellationToken = default) => __emmapView.WaitUntilAtLeastAsync<long>(64, minimum, timeout, cancellationToken);", source);
        Assert.DoesNotContain("WaitUntilStateAtLeast", source); // "at least" is for counters only
    }

    [Fact]
    public void AFieldThatIsNotWaitableGetsNoWaitsAndASetterThatWakesNobody()
    {
        const string source = """
            using Emmap;
            namespace Demo;
            [MappedLayout(Size = 16)]
            internal partial struct Quiet
            {
                [Field(0, Waitable = false)] public partial long LastSeen { get; set; }
                [Field(8)] public partial long Watched { get; set; }
            }
            """;
        GeneratorRun run = TestCompilation.Run(source);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        string generated = run.Sources["Demo.Quiet.g.cs"];
        Assert.Contains("set => __emmapView.WriteWithoutWake<long>(0, value);", generated);
        Assert.Contains("set => __emmapView.Write<long>(8, value);", generated);
        Assert.DoesNotContain("WaitForLastSeenChange", generated);
        Assert.Contains("WaitForWatchedChange", generated);
    }

    [Fact]
    public void ASetterOnAnotherThreadWakesAFieldWait()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(0);
        stats.State = 1;
        var writer = new Thread(() =>
        {
            Thread.Sleep(50);
            stats.State = 2;
        });
        writer.Start();
        Assert.True(stats.WaitForStateChange(1, Deadline));
        Assert.Equal(2, stats.State);
        writer.Join();
    }

    [Fact]
    public async Task AnIncrementWakesAnAsyncAtLeastWait()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(0);
        ValueTask<bool> reached = stats.WaitUntilRequestsAtLeastAsync(3, Deadline);
        Assert.False(reached.IsCompleted);
        for (int i = 0; i < 3; i++)
        {
            stats.GetAndIncrementRequests();
        }
        Assert.True(await reached);
        Assert.True(await stats.WaitUntilRequestsAtLeastAsync(3, TimeSpan.Zero)); // already there: completes at once
    }

    [Fact]
    public void AFloatingPointFieldIsComparedBitForBit()
    {
        AllKinds kinds = _file.Bind<AllKinds>(128);
        kinds.Mean = 0.0;
        var writer = new Thread(() =>
        {
            Thread.Sleep(50);
            kinds.Mean = -0.0; // equal as a double, different bits: a change
        });
        writer.Start();
        Assert.True(kinds.WaitForMeanChange(0.0, Deadline));
        writer.Join();
    }

    [Fact]
    public async Task ATimeoutReturnsFalseAndDisposeEndsAWait()
    {
        ServiceStats stats = _file.Bind<ServiceStats>(0);
        var clock = Stopwatch.StartNew();
        Assert.False(stats.WaitForStateChange(stats.State, TimeSpan.FromMilliseconds(50)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(45), $"returned after {clock.Elapsed}");

        Task waiting = Task.Run(() => stats.WaitForStateChange(stats.State, Deadline));
        await Task.Delay(50);
        _file.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Deadline));
    }
}
