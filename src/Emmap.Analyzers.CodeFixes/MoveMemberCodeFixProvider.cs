using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// Moves a misaligned atomic counter (EMM001), a misaligned nested layout holding counters (EMM035), a misaligned sequence lock (EMM042)
/// or a counter that shares a cache line (EMM010) to the offset the diagnostic suggests. The offset comes from the layout computation (the
/// <c>SuggestedOffset</c> property), so the rule that picks it lives in one place.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveMemberCodeFixProvider)), Shared]
public sealed class MoveMemberCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKeyPrefix = "Emmap.MoveMember.";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(LayoutDiagnostics.MisalignedCounter.Id, LayoutDiagnostics.MisalignedCounterHolder.Id, LayoutDiagnostics.FalseSharing.Id,
            LayoutDiagnostics.MisalignedSequenceLock.Id);

    /// <summary>
    /// Fix-all moves one member at a time and recomputes the layout after each move: two counters
    /// fixed independently could both be sent to the same free slot.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => RecomputingFixAllProvider.Instance;

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
            if (SuggestedOffset(diagnostic) is not int offset || FindOffsetArgument(root, diagnostic.Location.SourceSpan) is not { } argument)
            {
                continue;
            }
            string member = argument.FirstAncestorOrSelf<PropertyDeclarationSyntax>()?.Identifier.ValueText ?? "the member";
            Document document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Move '{member}' to offset {offset.ToString(CultureInfo.InvariantCulture)}",
                    _ => Task.FromResult(document.WithSyntaxRoot(MoveTo(root, argument, offset))),
                    EquivalenceKeyPrefix + diagnostic.Id),
                diagnostic);
        }
    }

    /// <summary>The offset a diagnostic suggests, if it carries one.</summary>
    internal static int? SuggestedOffset(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(LayoutDiagnostics.SuggestedOffsetProperty, out string? text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int offset)
            ? offset
            : null;

    /// <summary>The attribute argument a problem points at (the member's offset), if the span is one.</summary>
    internal static AttributeArgumentSyntax? FindOffsetArgument(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeArgumentSyntax>();

    /// <summary>Rewrites the offset argument to <paramref name="offset"/>, keeping its trivia.</summary>
    internal static SyntaxNode MoveTo(SyntaxNode root, AttributeArgumentSyntax argument, int offset)
    {
        ExpressionSyntax literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(offset))
            .WithTriviaFrom(argument.Expression);
        return root.ReplaceNode(argument.Expression, literal);
    }
}
