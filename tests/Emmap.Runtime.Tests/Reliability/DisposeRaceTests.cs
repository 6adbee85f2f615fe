using System.Runtime.CompilerServices;
namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Dispose and resize racing other threads on the same handle: every call completes or throws
/// <see cref="ObjectDisposedException"/>, and none touches unmapped memory (which would kill this
/// process with SIGSEGV or SIGBUS, so a test run that finishes is the proof). Each test runs many
/// rounds; the workers are released by a barrier and bounded in iterations.
/// </summary>
public sealed class DisposeRaceTests : IDisposable
{
    private const int Size = 4096;
    private const int Rounds = 150;
    private const int MaxIterations = 2_000_000;

    private static readonly byte[] Pattern = TempDirectory.PatternBytes(Size);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsWritesAtomicsAndViewsRacingDisposeCompleteOrThrowObjectDisposed()
    {
        string path = _dir.FileWith(Pattern);
        for (int round = 0; round < Rounds; round++)
        {
            var file = MappedFile.Open(path);
            TestLayout view = file.Bind<TestLayout>(64);
            List<Exception> unexpected = RaceHarness.Run(workers: 2, MaxIterations, (worker, i) =>
            {
                Span<byte> buffer = stackalloc byte[Size];
                switch ((worker + i) % 7)
                {
                    case 0: file.ReadAt(0, buffer); break; // a whole-mapping copy: the widest window
                    case 1: file.WriteAt(0, buffer[..1024]); break;
                    case 2: file.GetAndAddInt64(8 * (i % 512), 0); break;
                    case 3: file.ReadVolatileInt32(4 * (i % 1024)); break;
                    case 4: file.CompareExchangeUInt64(8 * (i % 512), 1, 1); break;
                    case 5: _ = view.Counter; view.State = view.State; break;
                    default: _ = file.ReadAt(i % Size, 1); break;
                }
            }, file.Dispose);
            Assert.Empty(unexpected);
            Assert.Throws<ObjectDisposedException>(() => file.ReadAt(0, new byte[8]));
            Assert.Throws<ObjectDisposedException>(() => view.State);
        }
    }

    [Fact]
    public void CountersRacingDisposeCompleteOrThrowObjectDisposed()
    {
        string[] paths = [_dir.File("emmap.counters"), _dir.File("padded.counters")];
        for (int round = 0; round < Rounds; round++)
        {
            var counters = MappedCounters.Open(paths[round % 2], 64, round % 2 == 0 ? CountersFormat.Emmap : CountersFormat.Padded);
            List<Exception> unexpected = RaceHarness.Run(workers: 2, MaxIterations, (worker, i) =>
            {
                int index = i % 64;
                switch ((worker + i) % 4)
                {
                    case 0: counters.GetAndIncrement(index); break;
                    case 1: _ = counters.ReadVolatile(index); break;
                    case 2: counters.GetAndXor(index, 5); break;
                    default: counters.GetAndDecrement(index); break;
                }
            }, counters.Dispose);
            Assert.Empty(unexpected);
            Assert.Throws<ObjectDisposedException>(() => counters.ReadVolatile(0));
        }
    }

    [Fact]
    public void GrowthWhileOtherThreadsReadThroughReadAtLeasesAndViewsKeepsEveryByte()
    {
        for (int round = 0; round < Rounds / 10; round++)
        {
            string path = _dir.FileWith(Pattern, $"grow{round}.bin");
            var file = MappedFile.Open(path, new MapOptions { GrowthStep = 1 << 20 });
            TestLayout view = file.Bind<TestLayout>(0);
            long expectedCounter = BitConverter.ToInt64(Pattern, 0);
            List<Exception> unexpected = RaceHarness.Run(workers: 2, MaxIterations, (worker, i) =>
            {
                if (worker == 0)
                {
                    byte[] read = file.ReadAt(i % (Size - 64), 64);
                    AssertPattern(read, i % (Size - 64));
                    return;
                }
                using var lease = file.Lease(64 * (i % 63), 64);
                AssertPattern(lease.Memory.Span, 64 * (i % 63));
                if (view.Counter != expectedCounter)
                {
                    throw new InvalidOperationException($"The view read {view.Counter}, expected {expectedCounter}.");
                }
            }, () =>
            {
                for (int growth = 1; growth <= 12; growth++)
                {
                    file.Resize(file.Length + 4096);
                    file.WriteAt(file.Length + 10, [1]); // and automatic growth
                }
                file.Dispose();
            });
            Assert.Empty(unexpected);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal(Pattern, bytes[..Size]);
        }
    }

    [Fact]
    public void ShrinkingWhileOtherThreadsReadNeverFaults()
    {
        for (int round = 0; round < Rounds / 10; round++)
        {
            string path = _dir.FileWith(Pattern, $"shrink{round}.bin");
            var file = MappedFile.Open(path);
            List<Exception> unexpected = RaceHarness.Run(workers: 2, MaxIterations, (worker, i) =>
            {
                Span<byte> buffer = stackalloc byte[Size / 2];
                if (worker == 0)
                {
                    file.ReadAt(0, buffer); // always inside the mapping: must be the pattern
                    AssertPattern(buffer, 0);
                    return;
                }
                try
                {
                    file.ReadAt(Size / 2, buffer); // the half that comes and goes
                    _ = file.ReadVolatileInt64(Size - 8);
                }
                catch (ArgumentOutOfRangeException)
                {
                    // Shrunk at that moment: refused, not faulted.
                }
            }, () =>
            {
                for (int cycle = 0; cycle < 40; cycle++)
                {
                    file.Resize(Size / 2);
                    file.Resize(Size);
                }
                file.Dispose();
            });
            Assert.Empty(unexpected);
            Assert.Equal(Pattern[..(Size / 2)], File.ReadAllBytes(path)[..(Size / 2)]);
        }
    }

    [Fact]
    public void LeasesTakenWhileAnotherThreadShrinksAlwaysWriteTheFile()
    {
        for (int round = 0; round < Rounds / 10; round++)
        {
            string path = _dir.FileWith(Pattern, $"lease{round}.bin");
            var file = MappedFile.Open(path);
            const int At = Size - 64; // in the half that comes and goes
            List<Exception> unexpected = RaceHarness.Run(workers: 2, MaxIterations / 10, (worker, i) =>
            {
                try
                {
                    using var lease = file.Lease(At + 8 * worker, 8);
                    long marker = (round * 1000L + i) * 2 + worker;
                    BitConverter.TryWriteBytes(lease.Memory.Span, marker);
                    long seen = BitConverter.ToInt64(file.ReadAt(At + 8 * worker, 8));
                    if (seen != marker)
                    {
                        throw new InvalidOperationException($"Wrote {marker} through a lease, the file holds {seen}: the lease is not over the file.");
                    }
                }
                catch (ArgumentOutOfRangeException)
                {
                    // Shrunk at that moment: refused.
                }
            }, () =>
            {
                for (int cycle = 0; cycle < 200; cycle++)
                {
                    try
                    {
                        file.Resize(Size / 2);
                    }
                    catch (InvalidOperationException)
                    {
                        // A lease was over the tail: the shrink is refused, as documented.
                    }
                    file.Resize(Size);
                }
                file.Dispose();
            });
            Assert.Empty(unexpected);
        }
    }

    [LinuxFact]
    public void AViewKeepsTheFileMappedAfterDisposeUntilItIsUnreachable()
    {
        string path = _dir.FileWith(Pattern);
        DisposeWhileAViewIsReachable(path);
        // The view is gone: the finalizer unmaps the region and lets go of the file.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.DoesNotContain(path, File.ReadAllText("/proc/self/maps"));
        using var other = MappedFile.Open(path);
        other.Resize(16); // no other handle holds the file any more: shrinking is allowed
        Assert.Equal(Pattern[..16], File.ReadAllBytes(path));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DisposeWhileAViewIsReachable(string path)
    {
        var file = MappedFile.Open(path);
        TestLayout view = file.Bind<TestLayout>(0);
        file.Dispose();
        // A view access that passed its check just before the dispose must still see the file's
        // bytes, never zero pages: the file stays mapped while a view can reach it.
        Assert.Contains(path, File.ReadAllText("/proc/self/maps"));
        Assert.Throws<ObjectDisposedException>(() => view.Counter); // and every new access refuses
        using var other = MappedFile.Open(path);
        Assert.Throws<IOException>(() => other.Resize(16)); // the view's mapping still holds the file
    }

    [LinuxFact]
    public void ALeaseKeepsTheFileMappedAfterDisposeUntilReleased()
    {
        string path = _dir.FileWith(Pattern);
        var file = MappedFile.Open(path);
        var lease = file.Lease(0, 16);
        file.Dispose();
        Assert.Contains(path, File.ReadAllText("/proc/self/maps"));
        Assert.Equal(Pattern[..16], lease.Memory.Span.ToArray());
        lease.Dispose();
        Assert.DoesNotContain(path, File.ReadAllText("/proc/self/maps"));
    }

    private static void AssertPattern(ReadOnlySpan<byte> bytes, long position)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != Pattern[position + i])
            {
                throw new InvalidOperationException($"Byte {position + i} read {bytes[i]}, expected {Pattern[position + i]}.");
            }
        }
    }
}
