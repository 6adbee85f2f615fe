using System.Collections.Immutable;
using Emmap.Layout;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Emmap.Analyzers;

/// <summary>
/// Reports every layout rule (EMM001 and up) on <c>[MappedLayout]</c> structs, and <c>[Field]</c> or
/// <c>[AtomicCounter]</c> used outside one. It writes no rule of its own: it reports what
/// <see cref="LayoutComputation"/> finds, the same computation the generator uses.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LayoutAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => LayoutDiagnostics.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            Compilation compilation = start.Compilation;
            INamedTypeSymbol? layout = compilation.GetTypeByMetadataName(LayoutAttributes.MappedLayoutName);
            INamedTypeSymbol? field = compilation.GetTypeByMetadataName(LayoutAttributes.FieldName);
            INamedTypeSymbol? counter = compilation.GetTypeByMetadataName(LayoutAttributes.AtomicCounterName);
            INamedTypeSymbol? sequenceLock = compilation.GetTypeByMetadataName(LayoutAttributes.SequenceLockName);
            if (layout is null)
            {
                // Emmap is not referenced: nothing here can be a layout.
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeType(c, layout), SymbolKind.NamedType);
            if (field is not null || counter is not null || sequenceLock is not null)
            {
                start.RegisterSymbolAction(c => AnalyzeProperty(c, field, counter, sequenceLock), SymbolKind.Property);
            }
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol layoutAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!HasAttribute(type, layoutAttribute, null, null))
        {
            return;
        }
        foreach (LayoutProblem problem in LayoutComputation.Compute(type, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(problem.ToDiagnostic());
        }
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context, INamedTypeSymbol? field, INamedTypeSymbol? counter, INamedTypeSymbol? sequenceLock)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (!HasAttribute(property, field, counter, sequenceLock))
        {
            return;
        }
        if (LayoutComputation.CheckStrayMember(property, context.CancellationToken) is { } problem)
        {
            context.ReportDiagnostic(problem.ToDiagnostic());
        }
    }

    /// <summary>The cheap test that lets most symbols leave at once: one pass over attribute classes, no strings.</summary>
    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? first, INamedTypeSymbol? second, INamedTypeSymbol? third)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } cls
                && (SymbolEqualityComparer.Default.Equals(cls, first) || SymbolEqualityComparer.Default.Equals(cls, second)
                    || SymbolEqualityComparer.Default.Equals(cls, third)))
            {
                return true;
            }
        }
        return false;
    }
}
