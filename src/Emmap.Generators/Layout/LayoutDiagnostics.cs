using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// Every layout rule's diagnostic. The rules themselves live in <see cref="LayoutComputation"/>;
/// the analyzer reports what it finds, the generator only asks whether it found an error.
/// Each id has a page at <c>docs/diagnostics/EMMnnn.md</c>.
/// </summary>
internal static class LayoutDiagnostics
{
    public const string Category = "Emmap.Layout";
    public const string HelpLinkBase = "https://github.com/emmap-dotnet/emmap/blob/main/docs/diagnostics/";

    /// <summary>Diagnostic property carrying the offset a code fix should move a member to.</summary>
    public const string SuggestedOffsetProperty = "SuggestedOffset";

    /// <summary>Diagnostic property present when adding the <c>partial</c> modifier mends the problem.</summary>
    public const string AddPartialProperty = "AddPartial";

    public const string MisalignedAtomicId = "EMM001";
    public const string NotPartialStructId = "EMM002";
    public const string CounterTypeId = "EMM003";
    public const string NegativeValueId = "EMM004";
    public const string OverlapId = "EMM005";
    public const string PastSizeId = "EMM006";
    public const string UnsupportedTypeId = "EMM007";
    public const string MemberShapeId = "EMM008";
    public const string UnalignedFieldId = "EMM009";
    public const string FalseSharingId = "EMM010";
    public const string ArrayLengthId = "EMM011";
    public const string NestedLayoutId = "EMM012";
    public const string SizeAlignmentId = "EMM013";
    public const string StrayMemberId = "EMM014";

    public static readonly DiagnosticDescriptor MisalignedAtomic = Error(
        MisalignedAtomicId,
        "Atomic member is not aligned to its size",
        "'{0}' is {1} at offset {2}; {3} must sit at a multiple of {4}: use offset {5}");

    public static readonly DiagnosticDescriptor NotPartialStruct = Error(
        NotPartialStructId,
        "A mapped layout must be a non-generic partial struct",
        "{0}: declare it as a non-generic 'partial struct' (inside partial, non-generic types) so the generator can add its accessors");

    public static readonly DiagnosticDescriptor CounterType = Error(
        CounterTypeId,
        "Atomic counter has an unsupported type",
        "Atomic counter '{0}' has type '{1}'; atomic counters must be int, uint, long or ulong");

    public static readonly DiagnosticDescriptor NegativeValue = Error(
        NegativeValueId,
        "Offset or size is negative",
        "{0} is {1}; it must be 0 or more");

    public static readonly DiagnosticDescriptor Overlap = Error(
        OverlapId,
        "Layout members overlap",
        "'{0}' (bytes {1} to {2}) overlaps '{3}' (bytes {4} to {5}); move '{0}' to offset {6} or later");

    public static readonly DiagnosticDescriptor PastSize = Error(
        PastSizeId,
        "Layout member extends past the declared size",
        "'{0}' ends at byte {1}, past the layout's declared Size of {2}; raise Size to at least {1} or move '{0}'");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        UnsupportedTypeId,
        "Layout member has an unsupported type",
        "'{0}' has type '{1}', which cannot live in mapped memory; use bool, an integer type, char, float, double, an enum, a [MappedLayout] struct, MappedArray<T> or LayoutArray<T>");

    public static readonly DiagnosticDescriptor MemberShape = Error(
        MemberShapeId,
        "Layout member must be a partial property",
        "'{0}' {1}");

    public static readonly DiagnosticDescriptor UnalignedField = Warning(
        UnalignedFieldId,
        "Layout field is not naturally aligned",
        "'{0}' needs {1}-byte alignment but sits at offset {2}, which is not a multiple of {1}; unaligned reads and writes are slower and not atomic: use offset {3}");

    public static readonly DiagnosticDescriptor FalseSharing = Warning(
        FalseSharingId,
        "Two atomic counters share a cache line",
        "Atomic counters '{0}' (offset {1}) and '{2}' (offset {3}) share the 64-byte cache line at {4}, so cores updating them slow each other down; move '{2}' to offset {5}, or set AllowFalseSharing = true on [MappedLayout]");

    public static readonly DiagnosticDescriptor ArrayLength = Error(
        ArrayLengthId,
        "Array member length is wrong",
        "'{0}' {1}");

    public static readonly DiagnosticDescriptor NestedLayout = Error(
        NestedLayoutId,
        "Nested layout cannot be used",
        "'{0}' has type '{1}', {2}");

    public static readonly DiagnosticDescriptor SizeAlignment = Error(
        SizeAlignmentId,
        "Layout size is not a multiple of its alignment",
        "The layout's Size {0} is not a multiple of its alignment {1}, so arrays of it would misalign its members; use Size = {2}");

    public static readonly DiagnosticDescriptor StrayMember = Warning(
        StrayMemberId,
        "Layout attribute outside a mapped layout",
        "'{0}' has [{1}] but '{2}' is not a [MappedLayout] struct, so the attribute does nothing; add [MappedLayout] to '{2}' or remove [{1}]");

    /// <summary>Every descriptor, in id order (what the analyzer supports).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        MisalignedAtomic, NotPartialStruct, CounterType, NegativeValue, Overlap, PastSize, UnsupportedType,
        MemberShape, UnalignedField, FalseSharing, ArrayLength, NestedLayout, SizeAlignment, StrayMember);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
