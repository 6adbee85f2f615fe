using System.Collections.Immutable;

namespace Emmap.Layout;

/// <summary>The outcome of computing one layout: its model when it is valid, and every problem found.</summary>
internal sealed class LayoutResult
{
    public LayoutResult(LayoutModel? model, LayoutModel emitted, ImmutableArray<LayoutProblem> problems, int atomicAlignment)
    {
        Model = model;
        Emitted = emitted;
        Problems = problems;
        AtomicAlignment = atomicAlignment;
    }

    /// <summary>The model of a valid layout, or <see langword="null"/> when any problem is an error.</summary>
    public LayoutModel? Model { get; }

    /// <summary>
    /// What the generator emits: the valid <see cref="Model"/>, or for a layout with errors a model
    /// with <see cref="LayoutModel.IsValid"/> false that carries the errors (and, when the struct can
    /// be extended, a shell of its partial properties).
    /// </summary>
    public LayoutModel Emitted { get; }

    public ImmutableArray<LayoutProblem> Problems { get; }

    /// <summary>The largest alignment any atomic counter inside the layout (nested ones too) needs; 0 if none.</summary>
    public int AtomicAlignment { get; }

    public bool HasErrors => Model is null;
}
