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
/// does not change a layout leaves its output cached. The generator reports no diagnostics: for a
/// layout with errors it writes a shell whose members throw, and the analyzers say what is wrong.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class MappedLayoutGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LayoutModel> layouts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                LayoutComputation.MappedLayoutAttributeName,
                predicate: static (node, _) => node is StructDeclarationSyntax,
                transform: static (syntax, cancellationToken) => syntax.TargetSymbol is INamedTypeSymbol type
                    ? LayoutComputation.Compute(type, cancellationToken).Emitted
                    : null)
            .WithTrackingName(TrackingNames.Layouts)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Emitted);

        context.RegisterSourceOutput(layouts, static (output, model) =>
            output.AddSource(model.HintName, LayoutEmitter.Emit(model)));
    }
}
