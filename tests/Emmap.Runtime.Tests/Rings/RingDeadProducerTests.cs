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

    [LinuxFact]
    public void ADeadProducersClaimIsSkippedWithoutWaitingForTheTimeout()
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
        var seen = new List<byte>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (seen.Count == 0 && DateTime.UtcNow < deadline)
        {
            Assert.True(ring.WaitForMessages(TimeSpan.FromSeconds(5)));
            _ = ring.Read((span, _) => seen.Add(span[0]));
        }
        Assert.Equal([5], seen);
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

    [Fact]
    public void AnUnstampedClaimIsSkippedAfterTheTimeout()
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
        var seen = new List<byte>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (seen.Count == 0 && DateTime.UtcNow < deadline)
        {
            _ = ring.WaitForMessages(TimeSpan.FromSeconds(1));
            _ = ring.Read((span, _) => seen.Add(span[0]));
        }
        Assert.Equal([6], seen);
        Assert.Equal(1, ring.SkippedClaims);
    }

    [LinuxFact]
    public void AConsumerThatOnlyPollsSkipsADeadProducersClaim()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var ring = MappedRing.Open(path, Small);
        Assert.True(ring.TryClaim(8, out RingClaim dead));
        Assert.True(ring.TryWrite([5]));
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileUInt64(RingHeader.Length + dead.Position + 8, ProcessIdentity.Pack(0x7FFF_FFF0, 1));
        }
        var seen = new List<byte>();
        Assert.True(PollUntil(ring, seen, TimeSpan.FromSeconds(10)), "The polling consumer never got past the dead producer's claim.");
        Assert.Equal([5], seen);
        Assert.Equal(1, ring.SkippedClaims);
    }

    [Fact]
    public void AConsumerThatOnlyPollsSkipsAnUnstampedClaimAfterTheTimeout()
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        using var ring = MappedRing.Open(path, new MappedRingOptions { Capacity = 1024, AbandonedClaimTimeout = TimeSpan.FromMilliseconds(100) });
        using (var raw = MappedFile.Open(path))
        {
            raw.WriteVolatileInt64(RingHeader.TailOffset, 32);
        }
        Assert.True(ring.TryWrite([6]));
        var seen = new List<byte>();
        Assert.True(PollUntil(ring, seen, TimeSpan.FromSeconds(10)), "The polling consumer never got past the unstamped claim.");
        Assert.Equal([6], seen);
        Assert.Equal(1, ring.SkippedClaims);
    }

    /// <summary>Calls only <see cref="MappedRing.Read"/>, as a consumer polling in a loop does, until a message arrives or the deadline passes.</summary>
    private static bool PollUntil(MappedRing ring, List<byte> seen, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (seen.Count == 0 && DateTime.UtcNow < deadline)
        {
            _ = ring.Read((span, _) => seen.Add(span[0]));
        }
        return seen.Count > 0;
    }
}
