// A supervisor and its workers sharing typed state through one layout file.
//
//   dotnet run --project samples/Emmap.Supervisor            supervise 4 workers
//   dotnet run --project samples/Emmap.Supervisor -- 6       supervise 6 workers (at most 8)
//
// The supervisor creates the file, starts this program again once per worker with the arguments
// "worker <file> <index>", prints the live values a few times and a summary, and checks that the
// totals add up. Exit code 0 when they do.
using Emmap.Samples.Supervisor;

if (args is ["worker", string path, string index])
{
    return Worker.Run(path, int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));
}
int workers = args is [string count] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 4;
return Supervisor.Run(workers);
