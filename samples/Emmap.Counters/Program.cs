// Emmap.Counters: persistent atomic counters shared by processes.
//
//   dotnet run --project samples/Emmap.Counters                  emmap's counters example
//   dotnet run --project samples/Emmap.Counters -- number-events two processes number events from one file
//
// (The sample starts itself as the second process, with the hidden arguments "take-numbers <file> <n>".)

using Emmap.Counters;

return args switch
{
    [] => SeedExample.Run(),
    ["number-events"] => NumberEvents.Run(),
    ["take-numbers", string file, string count] => NumberEvents.TakeNumbers(file, int.Parse(count)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Emmap.Counters [number-events]");
    return 2;
}
