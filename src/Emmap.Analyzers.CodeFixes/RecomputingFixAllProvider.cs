using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Emmap.Layout;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Emmap.Analyzers.CodeFixes;

/// <summary>
/// Fix-all for moved members: in each document, moves the first member a layout problem of the
/// chosen id suggests moving, recomputes the layout, and repeats until no such problem is left.
/// Each move sees the ones before it, so two misaligned counters never land on the same free slot
/// (a batch of independent fixes would send both there).
/// </summary>
internal static class RecomputingFixAllProvider
{
    /// <summary>More moves than any real layout needs; a guard against a rule that keeps suggesting moves.</summary>
    private const int MaxMoves = 256;

    public static FixAllProvider Instance { get; } = FixAllProvider.Create(FixDocumentAsync);

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (diagnostics.IsEmpty)
        {
            return document;
        }
        CancellationToken ct = context.CancellationToken;
        ImmutableHashSet<string> ids = diagnostics.Select(d => d.Id).ToImmutableHashSet();
        SemanticModel? model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        SyntaxNode? root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return document;
        }

        // The layouts to fix, named so that they can be found again in each edited compilation.
        var layouts = new HashSet<string>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
                && model.GetDeclaredSymbol(declaration, ct) is { } type
                && DocumentationCommentId.CreateDeclarationId(type) is { } id)
            {
                layouts.Add(id);
            }
        }

        for (int move = 0; move < MaxMoves; move++)
        {
            model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            if (model is null || root is null)
            {
                break;
            }
            LayoutProblem? next = FirstMove(model, layouts, ids, ct);
            if (next is null || MoveMemberCodeFixProvider.FindOffsetArgument(root, next.Location.SourceSpan) is not { } argument)
            {
                break;
            }
            document = document.WithSyntaxRoot(MoveMemberCodeFixProvider.MoveTo(root, argument, next.SuggestedOffset!.Value));
        }
        return document;
    }

    /// <summary>The first problem, in source order, that suggests moving a member of one of <paramref name="layouts"/> in this document.</summary>
    private static LayoutProblem? FirstMove(SemanticModel model, HashSet<string> layouts, ImmutableHashSet<string> ids, CancellationToken ct)
    {
        LayoutProblem? first = null;
        foreach (string id in layouts)
        {
            if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, model.Compilation) is not INamedTypeSymbol type)
            {
                continue;
            }
            foreach (LayoutProblem problem in LayoutComputation.Compute(type, ct).Problems)
            {
                if (problem.SuggestedOffset is not null && ids.Contains(problem.Descriptor.Id)
                    && problem.Location.SourceTree == model.SyntaxTree
                    && (first is null || problem.Location.SourceSpan.Start < first.Location.SourceSpan.Start))
                {
                    first = problem;
                }
            }
        }
        return first;
    }
}
