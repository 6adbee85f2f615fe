// Emmap.TestProcess: a real second process for cross-process tests.
//
//   dotnet Emmap.TestProcess.dll <command> <args...>
//
// Each command lives in Commands/<Name>.cs and is registered in CommandTable.cs. Commands talk to
// the test through lines: they print progress to stdout ("ready", "wrote test1", ...) and wait for
// lines on stdin where the test must pace them, so no test ever synchronises with a sleep.
// Exit code 0 is success, 2 a usage error, 1 a failure (the exception goes to stderr).

using Emmap.TestProcess;

if (args.Length == 0 || !CommandTable.Commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: Emmap.TestProcess <{string.Join('|', CommandTable.Commands.Keys)}> <args...>");
    return 2;
}
try
{
    return command(args[1..]);
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}
