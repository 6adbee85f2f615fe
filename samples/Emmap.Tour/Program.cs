// A tour of Emmap, following the Erlang emmap README step by step.
// Run it with: dotnet run --project samples/Emmap.Tour
//
// The last step starts this program again as a child process ("child <path>") to show two
// processes sharing one mapping.

using System.Diagnostics;
using System.Text;
using Emmap;

if (args is ["child", string childPath])
{
    return Child(childPath);
}
if (args is ["waiter", string waiterPath])
{
    return Waiter(waiterPath);
}

string dir = Directory.CreateTempSubdirectory("emmap-tour-").FullName;
try
{
    BasicUsage(Path.Combine(dir, "basic.bin"));
    Atomics(Path.Combine(dir, "atomics.bin"));
    Counters(Path.Combine(dir, "mem.bin"));
    TypedLayout(Path.Combine(dir, "stats.bin"));
    SharedMemory(Path.Combine(dir, "shared.bin"));
    Waiting(Path.Combine(dir, "waiting.bin"));
}
finally
{
    Directory.Delete(dir, recursive: true);
}
return 0;

// emmap:open/2, file:pread/3, file:pwrite/3, file:read/2, file:position/2, file:close/1
static void BasicUsage(string path)
{
    Console.WriteLine("== Basic usage ==");
    File.WriteAllText(path, "line one\nline two\nthe rest of the file");
    using var mem = MappedFile.Open(path, new MapOptions { Access = MapAccess.ReadWrite });
    Console.WriteLine($"open {Path.GetFileName(path)}: {mem.Length} bytes mapped, shared, read-write");

    byte[] pread = mem.ReadAt(5, 3);
    Console.WriteLine($"pread(5, 3)        -> \"{Ascii(pread)}\"");

    mem.WriteAt(0, "LINE"u8);
    Console.WriteLine($"pwrite(0, \"LINE\")  -> the file now starts \"{File.ReadAllText(path)[..8]}\"");

    Console.WriteLine($"read_line()        -> \"{Escape(mem.ReadLine()!)}\"");
    Console.WriteLine($"read(4)            -> \"{Ascii(mem.Read(4))}\", position {mem.Position}");
    mem.Seek(-4, SeekOrigin.End);
    Console.WriteLine($"position(eof - 4)  -> {mem.Position}; read(100) -> \"{Ascii(mem.Read(100))}\"");
    Console.WriteLine($"read(1) at the end -> {mem.Read(1).Length} bytes (eof)");
    Console.WriteLine();
}

// emmap:patomic/4
static void Atomics(string path)
{
    Console.WriteLine("== Atomic operations ==");
    using var mem = MappedFile.Open(path, new MapOptions { Create = true, Length = 64 });
    Console.WriteLine($"GetAndAddInt64(0, 1)      -> previous {mem.GetAndAddInt64(0, 1)}");
    Console.WriteLine($"GetAndAddInt64(0, 5)      -> previous {mem.GetAndAddInt64(0, 5)}");
    Console.WriteLine($"GetAndSubtractInt64(0, 2) -> previous {mem.GetAndSubtractInt64(0, 2)}");
    Console.WriteLine($"ExchangeInt64(0, 100)     -> previous {mem.ExchangeInt64(0, 100)}");
    Console.WriteLine($"GetAndOrInt64(0, 0b11)    -> previous {mem.GetAndOrInt64(0, 0b11)}");
    Console.WriteLine($"GetAndAndInt64(0, ~1)     -> previous {mem.GetAndAndInt64(0, ~1L)}");
    Console.WriteLine($"GetAndXorInt64(0, 0xFF)   -> previous {mem.GetAndXorInt64(0, 0xFF)}");
    Console.WriteLine($"CompareExchangeInt64(0, 7, {mem.ReadVolatileInt64(0)}) -> previous {mem.CompareExchangeInt64(0, 7, mem.ReadVolatileInt64(0))}");
    Console.WriteLine($"ReadVolatileInt64(0)      -> {mem.ReadVolatileInt64(0)}");
    try
    {
        mem.GetAndAddInt64(3, 1);
    }
    catch (ArgumentException e)
    {
        Console.WriteLine($"GetAndAddInt64(3, 1)      -> {e.GetType().Name}: {e.Message.Split(':')[0]}");
    }
    Console.WriteLine();
}

// emmap:open_counters/2, inc_counter/2,3, set_counter/3, read_counter/2: the README's example.
static void Counters(string path)
{
    Console.WriteLine("== Atomic persistent counters ==");
    using var f = MappedCounters.Open(path, 2);
    long n1 = f.GetAndIncrement(0);
    long n2 = f.GetAndAdd(0, 5);
    long n3 = f.GetAndIncrement(0);
    long n4 = f.GetAndAdd(0, 2);
    long n5 = f.Exchange(0, 15);
    long n6 = f.ReadVolatile(0);
    Console.WriteLine($"N1={n1}, N2={n2}, N3={n3}, N4={n4}, N5={n5}, N6={n6}");
    Console.WriteLine($"{Path.GetFileName(path)} is emmap's own format: {new FileInfo(path).Length} bytes, header \"{Escape(File.ReadAllBytes(path)[..8])}\"");
    Console.WriteLine();
}

// Beyond emmap: a [MappedLayout] struct, its accessors written by the source generator.
static void TypedLayout(string path)
{
    Console.WriteLine("== Typed layout ==");
    using var file = LayoutFile<ServiceStats>.Open(path);
    ServiceStats stats = file.Layout; // a view: copying it copies the handle, not the data
    stats.GetAndIncrementRequests();
    stats.GetAndAddRequests(41);
    stats.GetAndIncrementErrors();
    stats.State = 2;
    stats.LastLatencyMs = 1.5;
    Console.WriteLine($"Requests={stats.Requests}, Errors={stats.Errors}, State={stats.State}, LastLatencyMs={stats.LastLatencyMs}");
    Console.WriteLine($"ServiceStats: {ServiceStats.Size} bytes, hash 0x{ServiceStats.LayoutHash:X16}, data at offset {file.DataOffset} of {Path.GetFileName(path)}");
    Console.WriteLine();
}

// "Shared memory and using mutable binaries": a second process pwrites, our lease sees it.
static void SharedMemory(string path)
{
    Console.WriteLine("== Shared memory between two processes ==");
    using var mm = MappedFile.Open(path, new MapOptions { Create = true, Length = 8 });
    using var bin = mm.Lease(0, 5); // emmap's direct binary: zero-copy, sees later writes
    using Process child = StartChild(path);
    for (int i = 0; i < 3; i++)
    {
        string said = child.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The child process ended early.");
        Console.WriteLine($"child:  {said}");
        Console.WriteLine($"parent: Bin = \"{Ascii(bin.Memory.Span)}\"");
        child.StandardInput.WriteLine("next");
    }
    if (!child.WaitForExit(TimeSpan.FromSeconds(30)) || child.ExitCode != 0)
    {
        throw new InvalidOperationException("The child process failed.");
    }
}

// Beyond emmap: a process sleeps until another changes a field; no polling, no lost wake-up.
static void Waiting(string path)
{
    Console.WriteLine();
    Console.WriteLine("== Waiting across processes ==");
    using var file = LayoutFile<ServiceStats>.Open(path);
    ServiceStats stats = file.Layout;
    using Process child = StartChild(path, "waiter");
    string said = child.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The child process ended early.");
    Console.WriteLine($"child:  {said}");
    stats.State = 3; // the setter wakes the child: it sleeps in the kernel until then
    Console.WriteLine("parent: State = 3");
    Console.WriteLine($"child:  {child.StandardOutput.ReadLine()}");
    if (!child.WaitForExit(TimeSpan.FromSeconds(30)) || child.ExitCode != 0)
    {
        throw new InvalidOperationException("The child process failed.");
    }
}

static int Waiter(string path)
{
    using var file = LayoutFile<ServiceStats>.Open(path, new LayoutFileOptions { CreateIfMissing = false });
    ServiceStats stats = file.Layout;
    int seen = stats.State;
    Console.WriteLine($"WaitForStateChange({seen}) ...");
    bool changed = stats.WaitForStateChange(seen, TimeSpan.FromSeconds(30));
    Console.WriteLine(changed ? $"woke: State = {stats.State}" : "timed out");
    return changed ? 0 : 1;
}

static Process StartChild(string path, string role = "child")
{
    // Start this same program again: "dotnet Emmap.Tour.dll child <path>" (or the apphost itself).
    string self = Environment.ProcessPath!;
    var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    }
    info.ArgumentList.Add(role);
    info.ArgumentList.Add(path);
    return Process.Start(info)!;
}

static int Child(string path)
{
    using var mm = MappedFile.Open(path);
    foreach (string text in new[] { "test1", "test2", "test3" })
    {
        mm.WriteAt(0, Encoding.ASCII.GetBytes(text));
        Console.WriteLine($"pwrite(0, \"{text}\")");
        _ = Console.ReadLine(); // wait for the parent to look
    }
    return 0;
}

static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

static string Escape(byte[] bytes) => Ascii(bytes).Replace("\n", "\\n");
