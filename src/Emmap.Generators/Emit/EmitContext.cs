using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>What every part of one layout's emission shares: the model, the writer and the names derived from the model.</summary>
internal sealed class EmitContext
{
    /// <summary>The private method a shell's members throw the result of.</summary>
    public const string ShellErrorMethod = "__EmmapLayoutHasErrors";

    public EmitContext(LayoutModel model)
    {
        Model = model;
        string prefix = string.Empty;
        if (model.Namespace.Length > 0)
        {
            prefix = model.Namespace + ".";
        }
        foreach (ContainingType outer in model.ContainingTypes)
        {
            prefix += outer.Name + ".";
        }
        DisplayName = prefix + model.Name;
        Self = "global::" + DisplayName;
        Interface = "global::Emmap.IMappedLayout<" + Self + ">";
    }

    public LayoutModel Model { get; }

    public SourceWriter Writer { get; } = new();

    /// <summary>The layout's full name without <c>global::</c>, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The layout's fully qualified name.</summary>
    public string Self { get; }

    /// <summary>The fully qualified <c>IMappedLayout&lt;T&gt;</c> the layout implements.</summary>
    public string Interface { get; }

    /// <summary>The view field, as generated members refer to it.</summary>
    public string View => LayoutComputation.ViewFieldName;

    /// <summary><paramref name="expression"/> for a valid layout; for a shell, an expression that throws.</summary>
    public string Body(string expression) => Model.IsValid ? expression : "throw " + ShellErrorMethod + "()";
}
