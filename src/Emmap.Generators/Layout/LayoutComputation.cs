using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The one computation of a <c>[MappedLayout]</c> struct: it reads the declarations
/// (<c>Reading/</c>), applies every rule (<c>Rules/</c>), and builds the model with its offsets,
/// sizes, alignment and hash (<c>Model/</c>). The analyzer reports <see cref="LayoutResult.Problems"/>;
/// the generator emits <see cref="LayoutResult.Emitted"/>. Neither has a rule of its own, so a layout
/// the analyzer accepts is exactly one the generator implements.
/// </summary>
internal static class LayoutComputation
{
    /// <summary>Names the generator adds to every layout.</summary>
    public static readonly ImmutableArray<string> ReservedNames = ImmutableArray.Create("Size", "Alignment", "LayoutHash");

    /// <summary>
    /// Names the snapshot file adds. A layout without a sequence lock that declares one of them
    /// gets no snapshot file (so existing code keeps compiling); one with a lock gets it anyway.
    /// </summary>
    public static readonly ImmutableArray<string> SnapshotNames = ImmutableArray.Create(
        "Snapshot", "Update", "ReadFieldByField", "WriteFieldByField", "ReadSnapshot", "TryReadSnapshot", "WriteSnapshot", "TryWriteSnapshot", "BeginUpdate", "TryBeginUpdate");

    /// <summary>The name of the field the generator adds to hold the view (never reported as a user field).</summary>
    public const string ViewFieldName = "__emmapView";

    public static LayoutResult Compute(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Compute(type, ImmutableHashSet<INamedTypeSymbol>.Empty.WithComparer(SymbolEqualityComparer.Default), cancellationToken);

    /// <summary>The rule for a property outside any layout (EMM014); <see langword="null"/> when the property is fine.</summary>
    public static LayoutProblem? CheckStrayMember(IPropertySymbol property, CancellationToken ct) => StrayMemberRule.Check(property, ct);

    /// <summary>Computes <paramref name="type"/>, nested in the layouts of <paramref name="enclosing"/> (which it must not contain).</summary>
    internal static LayoutResult Compute(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        var problems = ImmutableArray.CreateBuilder<LayoutProblem>();
        LayoutArguments arguments = LayoutAttributes.ReadLayout(type, ct);

        // A layout from a referenced assembly was checked when it was compiled (and its generated
        // members are part of it): only its placement matters here, for nesting.
        bool fromSource = !type.DeclaringSyntaxReferences.IsEmpty;
        bool canExtend = !fromSource || TypeShapeRules.Check(type, problems, ct);
        enclosing = enclosing.Add(type);

        var members = new List<MemberDraft>();
        var shell = new List<LayoutMember>();
        foreach (ISymbol symbol in type.GetMembers())
        {
            ct.ThrowIfCancellationRequested();
            if (symbol is IFieldSymbol field && fromSource)
            {
                MemberShapeRules.CheckField(field, problems);
            }
            else if (symbol is IPropertySymbol property)
            {
                if (ReadMember(property, problems, enclosing, ct) is { } member)
                {
                    members.Add(member);
                }
                if (property.IsPartialDefinition && !property.IsIndexer)
                {
                    shell.Add(ShellMember(property, ct));
                }
            }
        }

        members.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : string.CompareOrdinal(a.Name, b.Name));
        int alignment = 1;
        int atomicAlignment = 0;
        long end = 0;
        foreach (MemberDraft member in members)
        {
            alignment = Math.Max(alignment, member.NaturalAlignment);
            atomicAlignment = Math.Max(atomicAlignment, member.AtomicAlignment);
            end = Math.Max(end, (long)member.Offset + member.Size);
        }

        PlacementRules.Check(members, arguments.Size, problems);
        SequenceLockRules.CheckSingle(type, members, problems);
        if (!arguments.AllowFalseSharing)
        {
            FalseSharingRule.Check(members, problems);
        }
        long size = SizeRules.Check(type, arguments, end, alignment, problems);

        ImmutableArray<LayoutProblem> all = problems.ToImmutable();
        if (all.Any(p => p.IsError))
        {
            return new LayoutResult(null, Invalid(type, canExtend, shell, all), all, atomicAlignment);
        }
        FormerNameRule.Check(members, problems);
        if (problems.Any(p => p.IsError))
        {
            all = problems.ToImmutable();
            return new LayoutResult(null, Invalid(type, canExtend, shell, all), all, atomicAlignment);
        }
        ulong hash = LayoutHash.Compute(CanonicalText.Of(members, size));
        LayoutModel model = CreateModel(type, isValid: true, canExtend: true, (int)size, alignment, hash,
            members.Select(m => m.ToModel()).ToImmutableArray(), ImmutableArray<LayoutError>.Empty, SchemaBytes.Of(members, (int)size));
        return new LayoutResult(model, model, all, atomicAlignment);
    }

    /// <summary>
    /// Reads one property: the shape rules, the offset, then what it stores. Returns the member, or
    /// <see langword="null"/> when the property is not a layout member or breaks a rule.
    /// </summary>
    private static MemberDraft? ReadMember(IPropertySymbol property, ImmutableArray<LayoutProblem>.Builder problems,
        ImmutableHashSet<INamedTypeSymbol> enclosing, CancellationToken ct)
    {
        if (MemberShapeRules.CheckDeclaration(property, problems, ct) is not { } attribute)
        {
            return null;
        }
        MemberArguments arguments = LayoutAttributes.ReadMember(attribute, ct);
        Location offsetLocation = arguments.OffsetLocation ?? SourceLocations.Of(property);
        Location typeLocation = SourceLocations.PropertyType(property, ct) ?? SourceLocations.Of(property);

        // A negative offset is reported, and the member's type is still checked so every problem shows at once.
        bool offsetOk = PlacementRules.CheckOffset(property, arguments.Offset, offsetLocation, problems);
        var member = new MemberDraft(property, arguments.Offset, offsetLocation);
        Location lengthLocation = arguments.LengthLocation ?? arguments.OffsetLocation ?? typeLocation;
        if (LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.SequenceLockName) is not null)
        {
            if (!SequenceLockRules.Classify(property, member, problems))
            {
                return null;
            }
        }
        else if (LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.AtomicCounterName) is not null)
        {
            if (!MemberTypeRules.ClassifyCounter(property, member, arguments, lengthLocation, typeLocation, problems)
                || !MemberShapeRules.CheckCounterAccessors(property, problems))
            {
                return null;
            }
        }
        else if (!MemberTypeRules.ClassifyField(property, member, arguments, lengthLocation,
            typeLocation, problems, enclosing, ct))
        {
            return null;
        }
        if (!MemberShapeRules.CheckAccessors(property, member, problems) || !offsetOk)
        {
            return null;
        }
        Declarations.CaptureModifiers(property, member, ct);
        member.FormerNames = arguments.FormerNames;
        member.Waitable = arguments.Waitable;
        member.FormerNamesLocation = arguments.FormerNamesLocation ?? offsetLocation;
        return member;
    }

    /// <summary>
    /// What the generator emits for a layout with errors: its errors, and when the struct can be
    /// extended, a shell of its partial properties (so the compiler reports no missing implementation).
    /// </summary>
    private static LayoutModel Invalid(INamedTypeSymbol type, bool canExtend, List<LayoutMember> shell, ImmutableArray<LayoutProblem> problems) =>
        CreateModel(type, isValid: false, canExtend, 0, 1, 0,
            canExtend ? shell.ToImmutableArray() : ImmutableArray<LayoutMember>.Empty,
            problems.Where(p => p.IsError).Select(p => new LayoutError(p.Descriptor.Id, p.Message)).ToImmutableArray(), ImmutableArray<byte>.Empty);

    private static LayoutModel CreateModel(INamedTypeSymbol type, bool isValid, bool canExtend, int size, int alignment, ulong hash,
        ImmutableArray<LayoutMember> members, ImmutableArray<LayoutError> errors, ImmutableArray<byte> schema) =>
        new(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            new EquatableArray<ContainingType>(Declarations.ContainingTypes(type, metadataNames: !canExtend)),
            canExtend ? type.Name : type.MetadataName,
            type.IsReadOnly,
            isValid,
            canExtend,
            size,
            alignment,
            hash,
            new EquatableArray<LayoutMember>(members),
            new EquatableArray<string>(ReservedNames.Concat(SnapshotNames).Where(n => type.GetMembers(n).Length > 0).ToImmutableArray()),
            new EquatableArray<LayoutError>(errors),
            new EquatableArray<byte>(schema));

    /// <summary>A partial property of an invalid layout, described just enough to give it a throwing body.</summary>
    private static LayoutMember ShellMember(IPropertySymbol property, CancellationToken ct)
    {
        var member = new MemberDraft(property, 0, Location.None);
        bool counter = LayoutAttributes.Find(property.GetAttributes(), LayoutAttributes.AtomicCounterName) is not null
            && StoredTypes.IsCounterType(property.Type);
        member.Kind = counter ? MemberKind.Counter : MemberKind.Scalar;
        if (StoredTypes.TryPrimitive(property.Type, out string keyword, out _))
        {
            member.Primitive = keyword;
        }
        Declarations.CaptureModifiers(property, member, ct);
        return member.ToModel();
    }
}
