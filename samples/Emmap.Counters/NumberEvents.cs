using System.Diagnostics;
using Emmap;

namespace Emmap.Counters;

/// <summary>
/// Two processes number events from one counters file: each event takes the next number with
/// <see cref="MappedCounters.GetAndIncrement"/>, which returns the value before the increment, so no
/// number is ever handed out twice, whichever process asks.
/// </summary>
internal static class NumberEvents
{
    private const int NextNumber = 0; // the counter that numbers the events
    private const int Ready = 1;      // how many processes are ready: both start together
    private const int EventsEach = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    internal static int Run()
    {
        string path = Path.Combine(Path.GetTempPath(), $"emmap-sample-events-{Environment.ProcessId}.bin");
        try
        {
            using var counters = MappedCounters.Open(path, 2);
            using Process second = StartSelf("take-numbers", path, EventsEach.ToString());
            long[] mine = Take(counters, EventsEach);
            if (!second.WaitForExit(Patience) || second.ExitCode != 0)
            {
                Console.Error.WriteLine($"The second process failed: {second.StandardError.ReadToEnd()}");
                return 1;
            }
            long[] theirs = Parse(second.StandardOutput.ReadToEnd());
            // The consumer's view: sleep (no polling) until every event has its number.
            bool allNumbered = counters.WaitUntilAtLeast(NextNumber, 2 * EventsEach, Patience);
            Console.WriteLine($"process {Environment.ProcessId} took {string.Join(' ', mine)}");
            Console.WriteLine($"process {second.Id} took {string.Join(' ', theirs)}");
            long[] all = [.. mine, .. theirs];
            bool unique = all.Distinct().Count() == all.Length;
            bool complete = all.Order().SequenceEqual(Enumerable.Range(0, all.Length).Select(i => (long)i));
            Console.WriteLine(allNumbered
                ? $"waited for the count to reach {2 * EventsEach}: woken by the last increment, whichever process made it"
                : "The count never reached the number of events.");
            Console.WriteLine(unique && complete
                ? $"{all.Length} events numbered 0 to {all.Length - 1}: no number taken twice, none skipped; the next event gets {counters.ReadVolatile(NextNumber)}."
                : "A number was taken twice or skipped: this must never happen.");
            return unique && complete ? 0 : 1;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The second process: opens the same file, takes <paramref name="count"/> numbers, prints them.</summary>
    internal static int TakeNumbers(string path, int count)
    {
        using var counters = MappedCounters.OpenExisting(path);
        Console.WriteLine(string.Join(' ', Take(counters, count)));
        return 0;
    }

    private static long[] Take(MappedCounters counters, int count)
    {
        counters.GetAndIncrement(Ready);
        // Both start together: sleep until the other process has counted itself ready (its increment wakes us).
        if (!counters.WaitUntilAtLeast(Ready, 2, Patience))
        {
            throw new TimeoutException("The other process never became ready.");
        }
        var numbers = new long[count];
        for (int i = 0; i < count; i++)
        {
            numbers[i] = counters.GetAndIncrement(NextNumber); // the number of this event
            Thread.Sleep(1); // the event's work, so that the two processes take turns
        }
        return numbers;
    }

    private static long[] Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();

    /// <summary>Starts this program again, whether it runs as an apphost or as <c>dotnet Emmap.Counters.dll</c>.</summary>
    private static Process StartSelf(params string[] arguments)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(NumberEvents).Assembly.Location);
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }
}
