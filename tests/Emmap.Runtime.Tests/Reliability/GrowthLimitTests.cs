using CsCheck;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Growth is computed, not looped: <c>GrowthPolicy.NextLength</c> agrees with the step-by-step
/// policy, and a write, resize or open whose mapping would pass the 128 TiB a process can map fails
/// at once, naming the position and the limit, and changes nothing.
/// </summary>
public sealed class GrowthLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>emmap's policy one step at a time, as the runtime computed it before.</summary>
    private static long Stepwise(long current, long required, long step)
    {
        long next = Math.Max(current, 1);
        while (next < required)
        {
            long grown = next < step ? next * 2 : next + step;
            if (grown <= next || grown < 0)
            {
                return required;
            }
            next = grown;
        }
        return next;
    }

    [Fact]
    public void NextLengthIsTheStepwisePolicyComputedAtOnce()
    {
        Gen.Select(Gen.Long[0, 1L << 40], Gen.Long[1, 1L << 40], Gen.Long[1, 1L << 30])
            .Where((_, required, step) => required / step < 10_000) // the reference loops once per step
            .Sample((current, required, step) =>
            {
                long expected = Stepwise(current, required, step);
                long actual = GrowthPolicy.NextLength(current, required, step);
                return expected <= GrowthPolicy.MaxLength ? actual == expected : actual == Math.Max(required, GrowthPolicy.MaxLength);
            }, iter: 20_000);
        Assert.Equal(1L << 46, GrowthPolicy.NextLength(1, 1L << 46, 1)); // 2^46 loop steps before; one formula now
        Assert.Equal(1L << 47, GrowthPolicy.NextLength(1, (1L << 46) + 1, 1L << 62)); // 47 doublings
        Assert.Equal(long.MaxValue - 5, GrowthPolicy.NextLength(4096, long.MaxValue - 5, 64 << 20)); // overflow: exactly what is needed
    }

    [Fact]
    public void AWriteAtAHugePositionFailsAtOnceNamingThePositionAndTheLimitAndChangesNothing()
    {
        string path = _dir.Pattern(4096);
        using var file = MappedFile.Open(path, new MapOptions { GrowthStep = 1 });
        foreach (long position in new[] { long.MaxValue - 10, long.MaxValue / 2, GrowthPolicy.MaxLength })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(position, [1, 2, 3]));
            Assert.Contains(position.ToString(), ex.Message);
            Assert.Contains(GrowthPolicy.MaxLength.ToString(), ex.Message);
            using Stream stream = file.AsStream();
            stream.Position = position;
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.Write([1]));
        }
        var resize = Assert.Throws<ArgumentOutOfRangeException>(() => file.Resize(GrowthPolicy.MaxLength + 1));
        Assert.Contains(GrowthPolicy.MaxLength.ToString(), resize.Message);
        Assert.Equal(4096, file.Length);
        Assert.Equal(TempDirectory.PatternBytes(4096), File.ReadAllBytes(path));
        file.Resize(8192); // the handle still grows normally
        Assert.Equal(8192, new FileInfo(path).Length);
    }

    [Fact]
    public async Task DisposeAndResizeDoNotWaitBehindAHugeGrowth()
    {
        // Before, a write near long.MaxValue looped for minutes under the remap lock. Now it fails
        // before taking it: another thread's Resize and Dispose go through at once.
        string path = _dir.Pattern(4096);
        var file = MappedFile.Open(path, new MapOptions { GrowthStep = 1 });
        Task writer = Task.Run(() => Assert.Throws<ArgumentOutOfRangeException>(() => file.WriteAt(long.MaxValue - 100, [1])));
        await writer.WaitAsync(TimeSpan.FromSeconds(30)); // TimeoutException fails the test
        file.Resize(8192);
        file.Dispose();
        Assert.Equal(8192, new FileInfo(path).Length);
    }
}
