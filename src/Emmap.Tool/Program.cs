using System.CommandLine;
using Emmap.Tool;

// `emmap`: see inside Emmap's files (docs/tool.md). Every failure is one line on standard error
// and an exit code; no stack trace reaches the user.
var file = new Argument<string>("file") { Description = "The file: a counters file (either format), a layout file, a ring file, or anything else (shown in hex)." };
var json = new Option<bool>("--json") { Description = "Write JSON (one object per line) instead of text; field names are stable (docs/tool.md)." };
var interval = new Option<double>("--interval", "-i")
{
    Description = "Seconds between refreshes (default 1; at least 0.01).",
    DefaultValueFactory = _ => 1.0,
};
interval.Validators.Add(result =>
{
    double value = result.GetValueOrDefault<double>();
    if (!(value >= 0.01 && value <= 86400))
    {
        result.AddError($"--interval {value} is out of range: give 0.01 to 86400 seconds.");
    }
});
var count = new Option<int?>("--count", "-n") { Description = "Stop after this many refreshes (default: until Ctrl+C)." };
count.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int?>() is < 1 and var n)
    {
        result.AddError($"--count {n} is out of range: give 1 or more.");
    }
});

var messages = new Option<int>("--messages", "-m") { Description = "For a ring file: show the first N pending messages in hex (default 0; at most 10000)." };
messages.Validators.Add(result =>
{
    int value = result.GetValueOrDefault<int>();
    if (value is < 0 or > 10000)
    {
        result.AddError($"--messages {value} is out of range: give 0 to 10000.");
    }
});

var inspect = new Command("inspect", "Show what a file is (format and version) and what it holds, once.") { file, json, messages };
inspect.SetAction(parse => Inspect.Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(messages)));

var watch = new Command("watch", "Show a file, refreshed in place, with per-second rates for counters and rings; Ctrl+C quits.") { file, json, interval, count };
watch.SetAction(parse => Watch.Run(parse.GetValue(file)!, parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(count)));

var root = new RootCommand("emmap: inspect and watch Emmap counters files, layout files and ring files. Opens files read-only; never creates or changes one.")
{
    inspect,
    watch,
};

try
{
    // Ctrl+C is handled by `watch` itself (it restores the terminal and exits 0).
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e)
{
    return Failure.Report($"unexpected {e.GetType().Name}: {e.Message}", ExitCodes.InternalError);
}
