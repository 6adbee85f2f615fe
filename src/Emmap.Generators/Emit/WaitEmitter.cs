using System.Globalization;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes the waits of a 4- or 8-byte member (docs/waiting.md): <c>WaitFor{Name}Change</c> and its
/// async twin for every such field and counter, and <c>WaitUntil{Name}AtLeast</c> (and async) for
/// counters. The setters and atomics wake waiters themselves, so nothing else is needed to use them.
/// </summary>
internal static class WaitEmitter
{
    private const string TimeSpan = "global::System.TimeSpan";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask<bool>";

    /// <summary>Whether the member gets waits: a field or counter stored in 4 or 8 bytes.</summary>
    public static bool Applies(LayoutMember member) =>
        member.Waitable
        && member.Kind is MemberKind.Scalar or MemberKind.Counter
        && member.Primitive is "int" or "uint" or "long" or "ulong" or "float" or "double";

    public static void Write(EmitContext context, LayoutMember member)
    {
        string see = "<see cref=\"" + EmitContext.Escape(member.Name) + "\"/>";
        WriteWait(context, member, "WaitFor" + member.Name + "Change", "WaitForChange", "seen",
            "Waits until " + see + " differs from <paramref name=\"seen\"/>, whichever process changes it; returns at once if it already does.",
            "The value seen (compared bit for bit).",
            "<see langword=\"true\"/> when it differs, <see langword=\"false\"/> when <paramref name=\"timeout\"/> passed first.");
        if (member.Kind == MemberKind.Counter)
        {
            WriteWait(context, member, "WaitUntil" + member.Name + "AtLeast", "WaitUntilAtLeast", "minimum",
                "Waits until " + see + " is at least <paramref name=\"minimum\"/>, whichever process changes it; returns at once if it already is.",
                "The value to reach.",
                "<see langword=\"true\"/> when it is at least <paramref name=\"minimum\"/>, <see langword=\"false\"/> when <paramref name=\"timeout\"/> passed first.");
        }
    }

    private static void WriteWait(EmitContext context, LayoutMember member, string name, string runtime, string valueName, string summary, string valueDoc, string returns)
    {
        SourceWriter writer = context.Writer;
        string accessibility = CounterEmitter.Accessibility(member.Modifiers);
        string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
        string parameters = "(" + member.TypeName + " " + valueName + ", " + TimeSpan + " timeout, " + Token + " cancellationToken = default)";
        string arguments = "<" + member.TypeName + ">(" + offset + ", " + valueName + ", timeout, cancellationToken)";
        foreach (bool async in new[] { false, true })
        {
            writer.Line();
            writer.Summary(async ? summary.Replace("Waits until", "Without blocking a thread, waits until") : summary);
            writer.Line("/// <param name=\"" + valueName + "\">" + valueDoc + "</param>");
            writer.Line("/// <param name=\"timeout\">The longest wait; <c>Timeout.InfiniteTimeSpan</c> for no limit.</param>");
            writer.Line("/// <param name=\"cancellationToken\">" + (async ? "Cancels the task." : "Ends the wait with an <see cref=\"global::System.OperationCanceledException\"/>.") + "</param>");
            writer.Line("/// <returns>" + returns + "</returns>");
            writer.Line(accessibility + " readonly " + (async ? ValueTask : "bool") + " " + name + (async ? "Async" : string.Empty) + parameters
                + " => " + context.Body(context.View + "." + runtime + (async ? "Async" : string.Empty) + arguments) + ";");
        }
    }
}
