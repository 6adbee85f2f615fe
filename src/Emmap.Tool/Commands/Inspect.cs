using System.Text;
using Emmap.Tool.Reading;
using Emmap.Tool.Rendering;

namespace Emmap.Tool;

/// <summary><c>emmap inspect FILE [--json] [--messages N]</c>: what the file is and what it holds, once.</summary>
internal static class Inspect
{
    public static int Run(string path, bool json, int ringMessages)
    {
        FileReader reader;
        try
        {
            reader = FileReader.Open(path, ringMessages);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.Report(e);
        }
        using (reader)
        using (var output = new OutputSink())
        {
            FileSnapshot snapshot = reader.NewSnapshot();
            reader.Read(snapshot);
            if (json)
            {
                output.Write(new JsonRenderer().Render(snapshot, rates: null, haveRates: false));
            }
            else
            {
                var text = new StringBuilder();
                TextRenderer.Append(text, snapshot, rates: null, haveRates: false, maxCounterRows: int.MaxValue, "\n");
                output.Write(text);
            }
            string? problem = Failure.Describe(reader.Description);
            return problem is null ? ExitCodes.Success : Failure.Report(problem, ExitCodes.NotAnEmmapFile);
        }
    }
}
