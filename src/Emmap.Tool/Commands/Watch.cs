using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Emmap.Tool.Reading;
using Emmap.Tool.Rendering;

namespace Emmap.Tool;

/// <summary>
/// <c>emmap watch FILE [--interval s] [--count n] [--json]</c>: the file shown again every interval,
/// with per-second rates for counters and rings. On a terminal each refresh redraws the screen in place; to a
/// pipe or file each refresh is appended (text frames separated by a blank line, or one JSON object
/// per line). Ctrl+C (SIGINT) or SIGTERM ends it cleanly: the cursor is restored, the exit code is 0.
/// </summary>
internal static class Watch
{
    private const string HideCursor = "\e[?25l";
    private const string ShowCursor = "\e[?25h";
    private const string ClearScreen = "\e[2J";
    private const string Home = "\e[H";
    private const string ClearToLineEnd = "\e[K";
    private const string ClearBelow = "\e[J";

    public static int Run(string path, bool json, TimeSpan interval, int? count)
    {
        FileReader reader;
        try
        {
            reader = FileReader.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.Report(e);
        }
        string? problem = Failure.Describe(reader.Description);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the loop end and restore the terminal
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using PosixSignalRegistration? onTerm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        bool terminal = !json && !Console.IsOutputRedirected;
        using var output = new OutputSink();
        try
        {
            Loop(reader, output, json, terminal, interval, count, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (terminal)
            {
                output.Write(Encoding.UTF8.GetBytes(ShowCursor));
            }
            reader.Dispose();
        }
        return problem is null ? ExitCodes.Success : Failure.Report(problem, ExitCodes.NotAnEmmapFile);
    }

    private static void Loop(FileReader reader, OutputSink output, bool json, bool terminal, TimeSpan interval, int? count, CancellationToken stop)
    {
        FileSnapshot current = reader.NewSnapshot();
        FileSnapshot previous = reader.NewSnapshot();
        double[] rates = new double[current.Counters.Length];
        RingRates? ringRates = current.Ring is null ? null : new RingRates();
        var text = new StringBuilder(64 * 1024);
        JsonRenderer? renderer = json ? new JsonRenderer() : null;
        string lineEnd = terminal ? ClearToLineEnd + "\n" : "\n";
        if (terminal)
        {
            output.Write(Encoding.UTF8.GetBytes(HideCursor + ClearScreen));
        }
        long due = Stopwatch.GetTimestamp();
        long step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        for (int frame = 0; !stop.IsCancellationRequested; frame++)
        {
            reader.Read(current);
            bool haveRates = frame > 0;
            ringRates?.Update(haveRates ? previous : null, current);
            if (haveRates)
            {
                double seconds = Stopwatch.GetElapsedTime(previous.Timestamp, current.Timestamp).TotalSeconds;
                for (int i = 0; i < rates.Length; i++)
                {
                    rates[i] = seconds > 0 ? unchecked(current.Counters[i] - previous.Counters[i]) / seconds : 0;
                }
            }
            if (renderer is not null)
            {
                output.Write(renderer.Render(current, rates, haveRates, ringRates));
            }
            else
            {
                text.Clear();
                if (terminal)
                {
                    text.Append(Home);
                }
                else if (frame > 0)
                {
                    text.Append('\n');
                }
                TextRenderer.Append(text, current, rates, haveRates, terminal ? VisibleCounterRows() : int.MaxValue, lineEnd, ringRates);
                if (terminal)
                {
                    text.Append(ClearBelow);
                }
                output.Write(text);
            }
            (current, previous) = (previous, current);
            if (frame + 1 == count || output.Closed)
            {
                break;
            }
            // Refreshes keep to the schedule (no drift); one that falls behind is skipped, not queued.
            due += step;
            long now = Stopwatch.GetTimestamp();
            if (due < now)
            {
                due = now;
            }
            if (stop.WaitHandle.WaitOne(Stopwatch.GetElapsedTime(now, due)))
            {
                break;
            }
        }
    }

    /// <summary>How many counter rows fit on the terminal under the file's description (at least 1).</summary>
    private static int VisibleCounterRows()
    {
        try
        {
            return Math.Max(1, Console.WindowHeight - 8);
        }
        catch (IOException)
        {
            return int.MaxValue;
        }
    }
}
