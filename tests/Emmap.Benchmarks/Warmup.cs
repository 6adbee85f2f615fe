using System.Diagnostics;

namespace Emmap.Benchmarks;

/// <summary>
/// Brings the ring's and the mapped file's code to its steady state before <c>ring-bench</c>
/// measures anything, in every process of the benchmark. Emmap is compiled just in time, in tiers:
/// a method runs unoptimised until it has been called 30 times after a 100 ms quiet period, then is
/// recompiled in the background. A measured run of a million messages lasts about 70 ms, so without
/// this it measured mostly unoptimised code, which a long-running service never runs. (The BCL's
/// socket, pipe and channel code is precompiled; BenchmarkDotNet warms up for the same reason.)
/// The warm-up uses private objects (an anonymous ring, a scratch file), never the measured ones.
/// </summary>
internal static class Warmup
{
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    internal static void Run()
    {
        string path = Path.Combine(Path.GetTempPath(), $"emmap-warmup-{Environment.ProcessId}.bin");
        try
        {
            using var ring = MappedRing.CreateAnonymous(new MappedRingOptions { Capacity = 1 << 16 });
            using var file = MappedFile.Open(path, new MapOptions { Create = true, Length = 4096, FixedSize = true });
            Span<byte> message = stackalloc byte[RingThroughput.MessageLength];
            long received = 0;
            RingMessageHandler count = (_, _) => received++;
            var clock = Stopwatch.StartNew();
            for (long round = 0; clock.Elapsed < Busy; round++)
            {
                for (int i = 0; i < 64; i++)
                {
                    if (!ring.TryWrite(message))
                    {
                        ring.Write(message);
                    }
                }
                _ = ring.WaitForMessages(TimeSpan.FromSeconds(1));
                while (ring.Read(count, 1 + (int)(round & 63)) != 0)
                {
                }
                file.WriteVolatileInt64(0, round);
                _ = file.WaitForChangeInt64(0, round - 1, TimeSpan.Zero);
                _ = file.ReadVolatileInt64(0);
            }
            Thread.Sleep(Settle);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
