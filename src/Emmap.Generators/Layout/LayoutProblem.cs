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

/// <summary>The outcome of computing one layout: its model when it is valid, and every problem found.</summary>
internal sealed class LayoutResult
{
    public LayoutResult(LayoutModel? model, LayoutModel? emitted, ImmutableArray<LayoutProblem> problems, int atomicAlignment)
    {
        Model = model;
        Emitted = emitted;
        Problems = problems;
        AtomicAlignment = atomicAlignment;
    }

    /// <summary>The model, or <see langword="null"/> when any problem is an error (then no code is generated).</summary>
    public LayoutModel? Model { get; }

    /// <summary>
    /// What the generator emits: the valid <see cref="Model"/>, or for a layout with errors whose
    /// declaration is a partial struct, a shell (<see cref="LayoutModel.IsValid"/> false) whose members
    /// get throwing bodies; <see langword="null"/> when nothing can be emitted.
    /// </summary>
    public LayoutModel? Emitted { get; }

    public ImmutableArray<LayoutProblem> Problems { get; }

    /// <summary>The largest alignment any atomic counter inside the layout (nested ones too) needs; 0 if none.</summary>
    public int AtomicAlignment { get; }

    public bool HasErrors => Model is null;
}
