using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Emmap.Layout;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Emmap.Analyzers.CodeFixes;

/// <summary>
/// Adds the missing <c>partial</c> modifier: to a layout struct and every containing type that lacks
/// it (EMM002, EMM015), or to a layout member declared as a plain auto-property (EMM008). Offered only when
/// the diagnostic says <c>partial</c> is what is missing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider)), Shared]
public sealed class AddPartialCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "Emmap.AddPartial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(LayoutDiagnostics.TypeNotPartial.Id, LayoutDiagnostics.ContainingTypeNotPartial.Id, LayoutDiagnostics.NotPartialProperty.Id);

    /// <summary>Fix-all adds every missing modifier of a document in one rewrite (a shared containing type gets it once).</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(AddPartial(root, diagnostics.Select(d => d.Location.SourceSpan)));
        });

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(LayoutDiagnostics.AddPartialProperty) || Targets(root, diagnostic.Location.SourceSpan).Count == 0)
            {
                continue;
            }
            Document document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add 'partial'",
                    _ => Task.FromResult(document.WithSyntaxRoot(AddPartial(root, new[] { diagnostic.Location.SourceSpan }))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode AddPartial(SyntaxNode root, IEnumerable<TextSpan> spans)
    {
        var targets = new HashSet<MemberDeclarationSyntax>();
        foreach (TextSpan span in spans)
        {
            targets.UnionWith(Targets(root, span));
        }
        return root.ReplaceNodes(targets, (_, rewritten) => WithPartial(rewritten));
    }

    /// <summary>
    /// The declarations that lack <c>partial</c>: for a property, the property; for a type, the type and
    /// every type declaration around it.
    /// </summary>
    private static List<MemberDeclarationSyntax> Targets(SyntaxNode root, TextSpan span)
    {
        var targets = new List<MemberDeclarationSyntax>();
        SyntaxNode? node = root.FindToken(span.Start).Parent;
        if (node is PropertyDeclarationSyntax property)
        {
            if (!property.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                targets.Add(property);
            }
            return targets;
        }
        if (node is TypeDeclarationSyntax)
        {
            foreach (TypeDeclarationSyntax type in node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
            {
                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    targets.Add(type);
                }
            }
        }
        return targets;
    }

    /// <summary>Adds <c>partial</c> as the last modifier (where the language always accepts it), keeping the layout of the line.</summary>
    private static SyntaxNode WithPartial(SyntaxNode node)
    {
        var declaration = (MemberDeclarationSyntax)node;
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.WithModifiers(declaration.Modifiers.Add(partial));
        }
        // No modifiers: 'partial' takes the indentation of the token that used to start the declaration.
        SyntaxToken first = declaration.AttributeLists.Count > 0
            ? declaration.AttributeLists.Last().GetLastToken().GetNextToken()
            : declaration.GetFirstToken();
        MemberDeclarationSyntax moved = declaration.ReplaceToken(first, first.WithLeadingTrivia());
        return moved.WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(first.LeadingTrivia)));
    }
}
