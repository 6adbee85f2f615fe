using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>One broken layout rule: which rule, where, and the message's arguments.</summary>
internal sealed class LayoutProblem
{
    public LayoutProblem(DiagnosticDescriptor descriptor, Location location, object?[] arguments, int? suggestedOffset = null, bool addPartial = false)
    {
        Descriptor = descriptor;
        Location = location;
        Arguments = arguments;
        SuggestedOffset = suggestedOffset;
        AddPartial = addPartial;
    }

    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>Where the problem is: the attribute argument that is wrong, else the member or type name.</summary>
    public Location Location { get; }

    public object?[] Arguments { get; }

    /// <summary>For a member that should move: the offset to move it to (code fixes use it).</summary>
    public int? SuggestedOffset { get; }

    /// <summary>Whether adding the <c>partial</c> modifier (to the member, or to the type and its containing types) mends the problem.</summary>
    public bool AddPartial { get; }

    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The message as the diagnostic shows it (invariant culture).</summary>
    public string Message => ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    public Diagnostic ToDiagnostic()
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (SuggestedOffset is int offset)
        {
            properties = properties.Add(LayoutDiagnostics.SuggestedOffsetProperty, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (AddPartial)
        {
            properties = properties.Add(LayoutDiagnostics.AddPartialProperty, "true");
        }
        return Diagnostic.Create(Descriptor, Location, properties, Arguments);
    }
}

/// <summary>How rules record what they find.</summary>
internal static class LayoutProblems
{
    /// <summary>Records a problem of <paramref name="descriptor"/> at <paramref name="location"/> with the message's arguments.</summary>
    public static void Report(this ImmutableArray<LayoutProblem>.Builder problems, DiagnosticDescriptor descriptor, Location location, params object?[] arguments) =>
        problems.Add(new LayoutProblem(descriptor, location, arguments));
}
