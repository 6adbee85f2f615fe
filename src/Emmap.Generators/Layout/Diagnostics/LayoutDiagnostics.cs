using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// Every layout rule's diagnostic: one id per problem, each with a complete message of its own, so a
/// user can read a message from its descriptor and configure one problem without the others. The
/// rules that find them are in <c>Layout/Rules/</c>; the analyzer reports them, the generator names
/// the errors in the <c>#error</c> lines of an invalid layout's output. Each id has a page at
/// <c>docs/diagnostics/EMMnnn.md</c>, which its help link points at.
/// </summary>
internal static class LayoutDiagnostics
{
    public const string Category = "Emmap.Layout";

    /// <summary>Diagnostic property carrying the offset a code fix should move a member to.</summary>
    public const string SuggestedOffsetProperty = "SuggestedOffset";

    /// <summary>Diagnostic property present when adding the <c>partial</c> modifier mends the problem.</summary>
    public const string AddPartialProperty = "AddPartial";

    // The layout struct itself (on its name).

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("EMM002",
        "Mapped layout is not declared partial",
        "'{0}' is not declared partial; declare it 'partial struct' so the generator can add its members");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("EMM015",
        "Type around a mapped layout is not declared partial",
        "'{0}' is nested in '{1}', which is not declared partial; declare '{1}' partial so the generator can add the members of '{0}'");

    public static readonly DiagnosticDescriptor NotAStruct = Error("EMM016",
        "Mapped layout is not a struct",
        "'{0}' is a {1}; [MappedLayout] applies to partial structs only");

    public static readonly DiagnosticDescriptor RecordStruct = Error("EMM017",
        "Mapped layout is a record struct",
        "'{0}' is a record struct; declare it as a plain 'partial struct', because the generator adds its members in a 'partial struct' declaration");

    public static readonly DiagnosticDescriptor RefStruct = Error("EMM018",
        "Mapped layout is a ref struct",
        "'{0}' is a ref struct, which cannot be stored in fields or captured; remove 'ref', a layout is a view that may be copied anywhere");

    public static readonly DiagnosticDescriptor GenericLayout = Error("EMM019",
        "Mapped layout is generic",
        "'{0}' is generic; a layout has one fixed size and hash, so it must be a non-generic struct");

    public static readonly DiagnosticDescriptor NestedInGenericType = Error("EMM020",
        "Mapped layout is nested in a generic type",
        "'{0}' is nested in generic type '{1}', which makes it generic too; declare it outside generic types");

    // Members of a layout (on the member's name).

    public static readonly DiagnosticDescriptor NotPartialProperty = Error("EMM008",
        "Layout member is not a partial property",
        "'{0}' has [{1}] but is not a partial property; declare it 'partial' so the generator can implement it");

    public static readonly DiagnosticDescriptor InstanceField = Error("EMM021",
        "Layout struct has an instance field",
        "'{0}' is an instance field, which lives in the view, not in mapped memory; make it a partial property with [Field(offset)]");

    public static readonly DiagnosticDescriptor AutoProperty = Error("EMM022",
        "Layout struct has an auto-property",
        "'{0}' is an auto-property, which stores its value in the view instead of in mapped memory; make it a partial property with [Field(offset)], or compute it from other members");

    public static readonly DiagnosticDescriptor MissingMemberAttribute = Error("EMM023",
        "Partial property of a layout has no [Field] or [AtomicCounter]",
        "'{0}' is a partial property without [Field(offset)] or [AtomicCounter(offset)]; add one so the generator can implement it");

    public static readonly DiagnosticDescriptor BothMemberAttributes = Error("EMM024",
        "Layout member has both [Field] and [AtomicCounter]",
        "'{0}' has both [Field] and [AtomicCounter]; keep one");

    public static readonly DiagnosticDescriptor StaticMember = Error("EMM025",
        "Layout member is static",
        "'{0}' is static; layout members are instance properties, remove 'static'");

    public static readonly DiagnosticDescriptor Indexer = Error("EMM026",
        "Layout member is an indexer",
        "'{0}' is an indexer; use a [Field(offset, Length = n)] MappedArray<T> property instead");

    public static readonly DiagnosticDescriptor RefReturn = Error("EMM027",
        "Layout member returns by reference",
        "'{0}' returns by reference; layout members return values, remove 'ref'");

    public static readonly DiagnosticDescriptor NoGetter = Error("EMM028",
        "Layout member has no get accessor",
        "'{0}' has no get accessor; add 'get;'");

    public static readonly DiagnosticDescriptor CounterSetter = Error("EMM029",
        "Atomic counter has a setter",
        "'{0}' is an atomic counter, so it is read-only: declare it '{{ get; }}' and change it with the generated methods");

    public static readonly DiagnosticDescriptor ViewSetter = Error("EMM030",
        "Nested layout or array member has a setter",
        "'{0}' is a nested layout or an array, which is a view of mapped memory: declare it '{{ get; }}'");

    public static readonly DiagnosticDescriptor InitAccessor = Error("EMM031",
        "Layout member has an init accessor",
        "'{0}' has an init accessor; use 'set' (writes go straight to mapped memory) or make it get-only");

    // The type of a member (on the property's type).

    public static readonly DiagnosticDescriptor CounterType = Error("EMM003",
        "Atomic counter has an unsupported type",
        "Atomic counter '{0}' has type '{1}'; atomic counters must be int, uint, long or ulong, or AtomicCounterArray<T> of one of them");

    public static readonly DiagnosticDescriptor UnsupportedType = Error("EMM007",
        "Layout member has an unsupported type",
        "'{0}' has type '{1}', which cannot live in mapped memory; use bool, an integer type, char, float, double, an enum, a [MappedLayout] struct, MappedArray<T> or LayoutArray<T>");

    public static readonly DiagnosticDescriptor ArrayWithoutLength = Error("EMM011",
        "Array member has no length",
        "'{0}' is an array with Length {1}; give it a Length of at least 1, e.g. Length = 4");

    public static readonly DiagnosticDescriptor ArrayTooLarge = Error("EMM032",
        "Array member is too large",
        "'{0}' has Length {1}, which makes it {2} bytes, more than the {3} bytes a layout can hold");

    public static readonly DiagnosticDescriptor LengthOnNonArray = Error("EMM033",
        "Length on a member that is not an array",
        "'{0}' has Length {1} but type '{2}' is not an array; use MappedArray<T>, LayoutArray<T> or (for counters) AtomicCounterArray<T>, or remove Length");

    public static readonly DiagnosticDescriptor InvalidStride = Error("EMM038",
        "Counter array stride is not a multiple of the element size",
        "'{0}' has Stride {1}, which is not a positive multiple of its {2}-byte elements, so elements would be misaligned; use Stride = {3}, or 64 to give each element its own cache line");

    public static readonly DiagnosticDescriptor StrideOnNonArray = Error("EMM040",
        "Stride on a counter that is not an array",
        "'{0}' has Stride {1} but type '{2}' is not an array of counters; use AtomicCounterArray<T> with a Length, or remove Stride");

    public static readonly DiagnosticDescriptor CounterArrayAsField = Error("EMM041",
        "Counter array declared with [Field]",
        "'{0}' has type '{1}', an array of atomic counters, but is declared with [Field]; declare it with [AtomicCounter(offset, Length = n)]");

    public static readonly DiagnosticDescriptor InvalidFormerName = Error("EMM042",
        "Former name cannot identify the member",
        "'{0}' declares the former name {1}, but {2}; a former name must be an identifier no other name of the layout uses");

    public static readonly DiagnosticDescriptor NestedLayoutWithErrors = Error("EMM012",
        "Nested layout has errors",
        "'{0}' has type '{1}', a layout with errors of its own; fix those first");

    public static readonly DiagnosticDescriptor LayoutContainsItself = Error("EMM034",
        "Layout contains itself",
        "'{0}' has type '{1}', which contains itself, so its size would be infinite; remove the cycle");

    // Where members sit (on the offset argument) and the layout's size (on Size, else the struct's name).

    public static readonly DiagnosticDescriptor MisalignedCounter = Error("EMM001",
        "Atomic counter is not aligned to its size",
        "Atomic counter '{0}' ({1} bytes) is at offset {2}, which is not a multiple of {1}; atomic counters must sit at a multiple of their size: use offset {3}");

    public static readonly DiagnosticDescriptor MisalignedCounterHolder = Error("EMM035",
        "Nested layout holding atomic counters is not aligned",
        "'{0}' holds {1}-byte atomic counters but is at offset {2}, which is not a multiple of {1}, so they would be misaligned: use offset {3}");

    public static readonly DiagnosticDescriptor UnalignedField = Warning("EMM009",
        "Layout field is not naturally aligned",
        "'{0}' needs {1}-byte alignment but sits at offset {2}, which is not a multiple of {1}; unaligned reads and writes are slower and not atomic: use offset {3}");

    public static readonly DiagnosticDescriptor Overlap = Error("EMM005",
        "Layout members overlap",
        "'{0}' (bytes {1} to {2}) overlaps '{3}' (bytes {4} to {5}); move '{0}' to offset {6} or later");

    public static readonly DiagnosticDescriptor PastSize = Error("EMM006",
        "Layout member extends past the declared size",
        "'{0}' ends at byte {1}, past the layout's declared Size of {2}; raise Size to at least {1} or move '{0}'");

    public static readonly DiagnosticDescriptor NegativeOffset = Error("EMM004",
        "Layout member offset is negative",
        "The offset of '{0}' is {1}; offsets count bytes from the start of the layout and must be 0 or more");

    public static readonly DiagnosticDescriptor NegativeSize = Error("EMM036",
        "Layout size is negative",
        "The layout's Size is {0}; it must be 0 or more (leave Size out to compute it from the members)");

    public static readonly DiagnosticDescriptor SizeAlignment = Error("EMM013",
        "Layout size is not a multiple of its alignment",
        "The layout's Size {0} is not a multiple of its alignment {1}, so arrays of it would misalign its members; use Size = {2}");

    public static readonly DiagnosticDescriptor LayoutTooLarge = Error("EMM037",
        "Layout is too large",
        "'{0}' is {1} bytes, more than the {2} bytes a layout can hold");

    public static readonly DiagnosticDescriptor FalseSharing = Warning("EMM010",
        "Two atomic counters share a cache line",
        "Atomic counters '{0}' (offset {1}) and '{2}' (offset {3}) share the 64-byte cache line at {4}, so cores updating them slow each other down; move '{2}' to offset {5}, or set AllowFalseSharing = true on [MappedLayout]");

    public static readonly DiagnosticDescriptor ElementFalseSharing = Warning("EMM039",
        "Elements of a counter array share a cache line",
        "Elements of the atomic counter array '{0}' are {1} bytes apart, so elements {2} and {3} share a 64-byte cache line and cores updating them slow each other down; use Stride = {4}, or set AllowFalseSharing = true on [MappedLayout]");

    // Sequence locks.

    public static readonly DiagnosticDescriptor MisalignedSequenceLock = Error("EMM043",
        "Sequence lock is not 8-byte aligned",
        "Sequence lock '{0}' is at offset {2}, which is not a multiple of {1}; its sequence and owner words are {1}-byte atomics: use offset {3}");

    public static readonly DiagnosticDescriptor SecondSequenceLock = Error("EMM044",
        "Layout has more than one sequence lock",
        "'{0}' is a second sequence lock in '{1}', which already has '{2}'; one sequence lock guards every member of a layout, so remove one");

    public static readonly DiagnosticDescriptor SequenceLockShape = Error("EMM045",
        "Sequence lock is not declared as a get-only SequenceLock property",
        "'{0}' has [SequenceLock] but {1}; declare it 'partial SequenceLock {0} {{ get; }}' with [SequenceLock(offset)] only");

    // Outside any layout.

    public static readonly DiagnosticDescriptor StrayMember = Warning("EMM014",
        "Layout attribute outside a mapped layout",
        "'{0}' has [{1}] but '{2}' is not a [MappedLayout] struct, so the attribute does nothing; add [MappedLayout] to '{2}' or remove [{1}]");

    /// <summary>Every descriptor, in id order (what the analyzer supports).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        MisalignedCounter, TypeNotPartial, CounterType, NegativeOffset, Overlap, PastSize, UnsupportedType,
        NotPartialProperty, UnalignedField, FalseSharing, ArrayWithoutLength, NestedLayoutWithErrors, SizeAlignment, StrayMember,
        ContainingTypeNotPartial, NotAStruct, RecordStruct, RefStruct, GenericLayout, NestedInGenericType,
        InstanceField, AutoProperty, MissingMemberAttribute, BothMemberAttributes, StaticMember, Indexer, RefReturn, NoGetter,
        CounterSetter, ViewSetter, InitAccessor, ArrayTooLarge, LengthOnNonArray, LayoutContainsItself,
        MisalignedCounterHolder, NegativeSize, LayoutTooLarge, InvalidStride, ElementFalseSharing, StrideOnNonArray, CounterArrayAsField,
        InvalidFormerName, MisalignedSequenceLock, SecondSequenceLock, SequenceLockShape);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinks.DiagnosticPage(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinks.DiagnosticPage(id));
}
