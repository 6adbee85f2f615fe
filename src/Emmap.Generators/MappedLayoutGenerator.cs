using Emmap.Generators.Emit;
using Emmap.Layout;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Emmap.Generators;

/// <summary>
/// Writes the accessors of every <c>[MappedLayout]</c> partial struct: its <c>[Field]</c> and
/// <c>[AtomicCounter]</c> properties, the atomic counter methods, <c>Size</c>, <c>Alignment</c>,
/// <c>LayoutHash</c> and the <c>IMappedLayout&lt;T&gt;</c> implementation.
/// </summary>
/// <remarks>
/// The layout is computed once, by <see cref="LayoutComputation"/>, the same code the analyzers run.
/// Only its small equatable <see cref="LayoutModel"/> travels down the pipeline, so an edit that
/// does not change a layout leaves its output cached. For a layout with errors it writes one
/// <c>#error</c> line per error (naming the layout, the rule's id and its message), so the build fails
/// even when analyzers do not run or a rule's severity is lowered, plus, when the struct can be
/// extended, a shell whose members throw, so the compiler adds no errors of its own about the
/// missing implementations. It reports no diagnostics itself: the analyzer places them in the source.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class MappedLayoutGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LayoutModel> layouts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                LayoutAttributes.MappedLayoutName,
                // Every type the attribute is on, so that a record struct or class with it still gets its #error.
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (syntax, cancellationToken) => syntax.TargetSymbol is INamedTypeSymbol type
                    ? LayoutComputation.Compute(type, cancellationToken).Emitted
                    : null)
            .WithTrackingName(TrackingNames.Layouts)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Emitted);

        context.RegisterSourceOutput(layouts, static (output, model) =>
        {
            output.AddSource(model.HintName, LayoutEmitter.Emit(model));
            if (SnapshotEmitter.Applies(model))
            {
                output.AddSource(SnapshotEmitter.HintName(model), SnapshotEmitter.Emit(model));
            }
        });
    }
}
