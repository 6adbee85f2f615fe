// Workers report finished jobs to a supervisor through a ring file; the supervisor is killed
// (SIGKILL) twice while they work and started again, and misses nothing.
//
//   dotnet run --project samples/Emmap.Jobs              3 workers x 3000 jobs
//   dotnet run --project samples/Emmap.Jobs -- 4 5000    4 workers x 5000 jobs
//
// This program starts itself as the supervisor ("supervisor <ring> <ledger> <workers> <jobs>") and
// as each worker ("worker <ring> <id> <jobs>"), kills and restarts the supervisor, and checks the
// ledger at the end. Exit code 0 when every job was recorded exactly once.
using System.Diagnostics;
using System.Globalization;
using Emmap.Samples.Jobs;

if (args is ["worker", string ring, string id, string jobs])
{
    return Worker.Run(ring, Parse(id), Parse(jobs));
}
if (args is ["supervisor", string ringFile, string ledgerFile, string workerCount, string jobCount])
{
    return Supervisor.Run(ringFile, ledgerFile, Parse(workerCount), Parse(jobCount));
}
int workers = args.Length > 0 ? Parse(args[0]) : 3;
int jobsPerWorker = args.Length > 1 ? Parse(args[1]) : 3000;
string directory = Directory.CreateTempSubdirectory("emmap-jobs-").FullName;
string ringPath = Path.Combine(directory, "jobs.ring");
string ledgerPath = Path.Combine(directory, "ledger.bin");
var all = new List<Process>();
try
{
    Process supervisor = Start(all, "supervisor", ringPath, ledgerPath, workers.ToString(CultureInfo.InvariantCulture), jobsPerWorker.ToString(CultureInfo.InvariantCulture));
    Console.WriteLine($"supervisor 1 {supervisor.StandardOutput.ReadLine()}");
    List<Process> workerProcesses = Enumerable.Range(0, workers)
        .Select(w => Start(all, "worker", ringPath, w.ToString(CultureInfo.InvariantCulture), jobsPerWorker.ToString(CultureInfo.InvariantCulture)))
        .ToList();
    for (int restart = 2; restart <= 3; restart++)
    {
        Thread.Sleep(400);
        supervisor.Kill(); // SIGKILL: no cleanup runs in it
        supervisor.WaitForExit();
        Console.WriteLine($"supervisor {restart - 1} killed");
        Thread.Sleep(200); // the workers go on; the ring holds their reports (they wait when it is full)
        supervisor = Start(all, "supervisor", ringPath, ledgerPath, workers.ToString(CultureInfo.InvariantCulture), jobsPerWorker.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine($"supervisor {restart} {supervisor.StandardOutput.ReadLine()}");
    }
    foreach (Process worker in workerProcesses)
    {
        if (!worker.WaitForExit(TimeSpan.FromMinutes(1)) || worker.ExitCode != 0)
        {
            Console.WriteLine("FAILED: a worker did not finish");
            return 1;
        }
    }
    if (!supervisor.WaitForExit(TimeSpan.FromMinutes(1)))
    {
        Console.WriteLine("FAILED: the supervisor did not finish");
        return 1;
    }
    Console.WriteLine(supervisor.StandardOutput.ReadToEnd().Trim());
    if (supervisor.ExitCode != 0)
    {
        Console.WriteLine("FAILED: jobs are missing or wrong");
        return 1;
    }
    Console.WriteLine($"OK: all {workers * jobsPerWorker} jobs recorded once, across 2 supervisor kills");
    return 0;
}
finally
{
    foreach (Process process in all)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        process.Dispose();
    }
    Directory.Delete(directory, recursive: true);
}

static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static Process Start(List<Process> all, params string[] args)
{
    string host = Environment.ProcessPath!;
    var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(host) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Worker).Assembly.Location);
    }
    foreach (string arg in args)
    {
        start.ArgumentList.Add(arg);
    }
    Process process = Process.Start(start)!;
    all.Add(process);
    return process;
}
