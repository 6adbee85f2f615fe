using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The rules for what a layout's members are (EMM008, EMM021 to EMM031): every instance member that
/// holds data is a partial, non-static, non-indexer property with a get accessor and exactly one of
/// <c>[Field]</c> or <c>[AtomicCounter]</c>; counters and views have no setter, nothing has
/// <c>init</c>. Reported on the member's name.
/// </summary>
internal static class MemberShapeRules
{
    /// <summary>An instance field (EMM021), or an auto-property's backing field without a layout attribute (EMM022).</summary>
    public static void CheckField(IFieldSymbol field, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (field.IsStatic || field.IsConst || field.Name == LayoutComputation.ViewFieldName)
        {
            return;
        }
        if (field.AssociatedSymbol is IPropertySymbol property)
        {
            if (LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.FieldName) is null
                && LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.AtomicCounterName) is null
                && LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.SequenceLockName) is null)
            {
                problems.Report(LayoutDiagnostics.AutoProperty, SourceLocations.Of(property), property.Name);
            }
            return;
        }
        problems.Report(LayoutDiagnostics.InstanceField, SourceLocations.Of(field), field.Name);
    }

    /// <summary>
    /// The rules a property must pass before its attribute is read: returns the attribute
    /// (<c>[Field]</c> or <c>[AtomicCounter]</c>) when the property is a layout member to read, else
    /// <see langword="null"/> (a property without either attribute, or one that breaks a rule).
    /// </summary>
    public static AttributeData? CheckDeclaration(IPropertySymbol property, ImmutableArray<LayoutProblem>.Builder problems, CancellationToken ct)
    {
        ImmutableArray<AttributeData> attributes = property.GetAttributes();
        AttributeData? field = LayoutAttributes.Find(attributes, LayoutAttributes.FieldName);
        AttributeData? counter = LayoutAttributes.Find(attributes, LayoutAttributes.AtomicCounterName);
        AttributeData? sequenceLock = LayoutAttributes.Find(attributes, LayoutAttributes.SequenceLockName);
        bool fromSource = property.Locations.Any(l => l.IsInSource);
        Location location = SourceLocations.Of(property);
        if (sequenceLock is not null && (field ?? counter) is { } other)
        {
            problems.Report(LayoutDiagnostics.SequenceLockShape, location, property.Name, "also has [" + LayoutAttributes.ShortName(other) + "]");
            return null;
        }
        if (field is null && counter is null && sequenceLock is null)
        {
            if (fromSource && property.IsPartialDefinition)
            {
                problems.Report(LayoutDiagnostics.MissingMemberAttribute, location, property.Name);
            }
            return null;
        }
        if (field is not null && counter is not null)
        {
            problems.Report(LayoutDiagnostics.BothMemberAttributes, location, property.Name);
            return null;
        }
        AttributeData attribute = (field ?? counter ?? sequenceLock)!;
        if (property.IsStatic)
        {
            problems.Report(LayoutDiagnostics.StaticMember, location, property.Name);
            return null;
        }
        if (property.IsIndexer)
        {
            problems.Report(LayoutDiagnostics.Indexer, location, property.Name);
            return null;
        }
        if (fromSource && !property.IsPartialDefinition && property.PartialImplementationPart is null && property.PartialDefinitionPart is null)
        {
            problems.Add(new LayoutProblem(LayoutDiagnostics.NotPartialProperty, location,
                new object?[] { property.Name, LayoutAttributes.ShortName(attribute) },
                addPartial: Declarations.HasOnlyBodilessAccessors(property, ct)));
            return null;
        }
        if (property.ReturnsByRef || property.ReturnsByRefReadonly)
        {
            problems.Report(LayoutDiagnostics.RefReturn, location, property.Name);
            return null;
        }
        if (property.GetMethod is null)
        {
            problems.Report(LayoutDiagnostics.NoGetter, location, property.Name);
            return null;
        }
        return attribute;
    }

    /// <summary>An atomic counter is read-only (EMM029): its value changes through the generated methods.</summary>
    public static bool CheckCounterAccessors(IPropertySymbol property, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (property.SetMethod is null)
        {
            return true;
        }
        problems.Report(LayoutDiagnostics.CounterSetter, SourceLocations.Of(property), property.Name);
        return false;
    }

    /// <summary>A nested layout or array is a view, so it has no setter (EMM030); no member has <c>init</c> (EMM031).</summary>
    public static bool CheckAccessors(IPropertySymbol property, MemberDraft member, ImmutableArray<LayoutProblem>.Builder problems)
    {
        if (member.Kind is MemberKind.Nested or MemberKind.Array or MemberKind.LayoutArray && property.SetMethod is not null)
        {
            problems.Report(LayoutDiagnostics.ViewSetter, SourceLocations.Of(property), property.Name);
            return false;
        }
        if (property.SetMethod is { IsInitOnly: true })
        {
            problems.Report(LayoutDiagnostics.InitAccessor, SourceLocations.Of(property), property.Name);
            return false;
        }
        return true;
    }
}
