using System.Linq;
using Emmap.Layout;
using Microsoft.CodeAnalysis.CSharp;

namespace Emmap.Generators.Emit;

/// <summary>What every part of one layout's emission shares: the model, the writer and the names derived from the model.</summary>
internal sealed class EmitContext
{
    /// <summary>The private method a shell's members throw the result of.</summary>
    public const string ShellErrorMethod = "__EmmapLayoutHasErrors";

    public EmitContext(LayoutModel model)
    {
        Model = model;
        string[] path = (model.Namespace.Length > 0 ? model.Namespace.Split('.') : new string[0])
            .Concat(model.ContainingTypes.Select(outer => outer.Name))
            .Concat(new[] { model.Name })
            .ToArray();
        DisplayName = string.Join(".", path);
        Namespace = string.Join(".", model.Namespace.Split('.').Select(Escape));
        Self = "global::" + string.Join(".", path.Select(Escape));
        Interface = "global::Emmap.IMappedLayout<" + Self + ">";
    }

    public LayoutModel Model { get; }

    public SourceWriter Writer { get; } = new();

    /// <summary>The namespace as C# source (keywords escaped), or empty for the global namespace.</summary>
    public string Namespace { get; }

    /// <summary>The layout's full name without <c>global::</c>, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The layout's fully qualified name.</summary>
    public string Self { get; }

    /// <summary>The fully qualified <c>IMappedLayout&lt;T&gt;</c> the layout implements.</summary>
    public string Interface { get; }

    /// <summary>The view field, as generated members refer to it.</summary>
    public string View => LayoutComputation.ViewFieldName;

    /// <summary><paramref name="name"/> as a C# identifier: a reserved keyword gets an <c>@</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary><paramref name="expression"/> for a valid layout; for a shell, an expression that throws.</summary>
    public string Body(string expression) => Model.IsValid ? expression : "throw " + ShellErrorMethod + "()";
}
