using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>create-until-killed &lt;dir&gt; &lt;unnamed|named&gt;</c>: creates, closes and deletes a
/// counters file and a layout file in <c>dir</c> over and over, printing <c>ready</c> after the
/// first round, until the test kills it (SIGKILL, at a random moment, so mostly in the middle of a
/// create). <c>named</c> makes creation use named unpublished files, as on a file system without
/// <c>O_TMPFILE</c>.
/// </summary>
internal static class CreateUntilKilled
{
    internal static int Run(string[] args)
    {
        if (args is not [string dir, "unnamed" or "named"])
        {
            Console.Error.WriteLine("usage: create-until-killed <dir> <unnamed|named>");
            return 2;
        }
        PublishedFile.NamedTemporaryOnly = args[1] == "named";
        string counters = Path.Combine(dir, "c.counters");
        string layout = Path.Combine(dir, "s.layout");
        for (long round = 0; ; round++)
        {
            MappedCounters.Open(counters, 1 << 16, CountersFormat.Padded).Dispose(); // 8 MiB
            LayoutFile<ServiceStats>.Open(layout).Dispose();
            File.Delete(counters);
            File.Delete(layout);
            if (round == 0)
            {
                Console.WriteLine("ready");
            }
        }
    }
}
