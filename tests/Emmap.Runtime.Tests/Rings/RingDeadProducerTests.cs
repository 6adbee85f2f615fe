namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// A claim whose producer died before committing never blocks the ring: skipped at once when its
/// stamped owner is dead, after the timeout when it was never stamped, and never while its producer
/// lives. Found by a consumer that waits, and by one that only polls with <see cref="MappedRing.Read"/>
/// (which looks at the producers' tail only now and then).
/// </summary>
public sealed class RingDeadProducerTests
{
    private static readonly MappedRingOptions Small = new() { Capacity = 1024 };

    [LinuxTheory]
    [InlineData(Consumer.Waits)]
    [InlineData(Consumer.OnlyPolls)]
    public void ADeadProducersClaimIsSkippedWithoutWaitingForTheTimeout(Consumer consumer)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var ring = MappedRing.Open(path, Small); // default timeout: 10 s
        Assert.True(ring.TryClaim(8, out RingClaim dead));
        Assert.True(ring.TryWrite([5]));
        // Stamp the claim with a process that does not exist (pid 0x7FFFFFF0 is above pid_max).
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileUInt64(RingHeader.Length + dead.Position + 8, ProcessIdentity.Pack(0x7FFF_FFF0, 1));
        }

        Assert.Equal([5], FirstMessage(ring, consumer, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, ring.SkippedClaims);
        Assert.Throws<InvalidOperationException>(dead.Commit);
    }

    [Fact]
    public void ALiveProducersClaimIsWaitedFor()
    {
        using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1024, AbandonedClaimTimeout = TimeSpan.FromMilliseconds(50) });
        Assert.True(ring.TryClaim(8, out RingClaim live));
        Assert.True(ring.TryWrite([5]));
        Assert.False(ring.WaitForMessages(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, ring.SkippedClaims);
        live.Span[0] = 4;
        live.Commit();
        var seen = new List<byte>();
        Assert.Equal(2, ring.Read((span, _) => seen.Add(span[0])));
        Assert.Equal([4, 5], seen);
    }

    [Theory]
    [InlineData(Consumer.Waits)]
    [InlineData(Consumer.OnlyPolls)]
    public void AnUnstampedClaimIsSkippedAfterTheTimeout(Consumer consumer)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 1024, AbandonedClaimTimeout = TimeSpan.FromMilliseconds(100) });
        // A producer that died between taking 32 bytes at the tail and its first store.
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileInt64(RingHeader.TailOffset, 32);
        }
        Assert.True(ring.TryWrite([6]));

        Assert.Equal([6], FirstMessage(ring, consumer, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, ring.SkippedClaims);
    }

    /// <summary>How the consumer looks for messages: waiting between reads, or calling only <see cref="MappedRing.Read"/> in a loop.</summary>
    public enum Consumer
    {
        Waits,
        OnlyPolls,
    }

    /// <summary>Reads until a message arrives (its bytes) or <paramref name="patience"/> passes (none).</summary>
    private static List<byte> FirstMessage(MappedRing ring, Consumer consumer, TimeSpan patience)
    {
        var seen = new List<byte>();
        var deadline = DateTime.UtcNow + patience;
        while (seen.Count == 0 && DateTime.UtcNow < deadline)
        {
            if (consumer == Consumer.Waits)
            {
                _ = ring.WaitForMessages(TimeSpan.FromSeconds(1));
            }
            _ = ring.Read((span, _) => seen.Add(span[0]));
        }
        return seen;
    }
}
