namespace Emmap.Layout;

/// <summary>What kind of member a layout property is, which decides the code written for it.</summary>
internal enum MemberKind
{
    /// <summary>A <c>[Field]</c> of a primitive or enum type: a volatile get (and set).</summary>
    Scalar,

    /// <summary>An <c>[AtomicCounter]</c>: a volatile get plus atomic methods.</summary>
    Counter,

    /// <summary>A <c>[Field]</c> whose type is another layout: a nested view.</summary>
    Nested,

    /// <summary>A <c>[Field(Length = n)]</c> of type <c>MappedArray&lt;T&gt;</c>.</summary>
    Array,

    /// <summary>A <c>[Field(Length = n)]</c> of type <c>LayoutArray&lt;T&gt;</c>.</summary>
    LayoutArray,

    /// <summary>An <c>[AtomicCounter(Length = n)]</c> of type <c>AtomicCounterArray&lt;T&gt;</c>: a handle with indexed atomics.</summary>
    CounterArray,

    /// <summary>A <c>[SequenceLock]</c> of type <c>SequenceLock</c>: the layout's seqlock, which gives it consistent snapshots.</summary>
    SequenceLock,
}

/// <summary>A type that contains a layout declared inside it (the generator re-opens it as <c>partial</c>).</summary>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>One member of a valid layout: everything the generator needs, nothing from Roslyn.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Kind">What the member is.</param>
/// <param name="TypeName">The property's type, fully qualified (<c>global::</c>...).</param>
/// <param name="Primitive">
/// For scalars, counters and arrays: the primitive the value is stored as, a C# keyword
/// (<c>long</c>, <c>bool</c>, ...; an enum's underlying type); for nested layouts, empty.
/// </param>
/// <param name="ElementTypeName">For arrays: the element type, fully qualified; otherwise empty.</param>
/// <param name="Offset">The byte offset from the start of the layout.</param>
/// <param name="Size">The bytes the member occupies (element size times length for arrays; for counter arrays, from the first element's start to the last one's end).</param>
/// <param name="Length">For arrays, the element count; otherwise 0.</param>
/// <param name="Modifiers">The property's declared modifiers as written for the implementation (e.g. <c>public</c>).</param>
/// <param name="HasSetter">Whether the property declares a <c>set</c> accessor.</param>
/// <param name="SetterModifiers">The set accessor's own accessibility keyword(s), or empty.</param>
/// <param name="GetterModifiers">The get accessor's own accessibility keyword(s), or empty.</param>
/// <param name="SetterIsInit">
/// Whether the setter is declared <c>init</c> (an error, EMM031, so only shells have one: their
/// implementing part must say <c>init</c> too or the compiler adds an error of its own).
/// </param>
/// <param name="Stride">For counter arrays, the bytes from one element to the next; otherwise 0.</param>
/// <param name="Waitable">Whether the member gets waits and its setter wakes waiters (<c>[Field(Waitable = false)]</c> turns both off).</param>
internal sealed record LayoutMember(
    string Name,
    MemberKind Kind,
    string TypeName,
    string Primitive,
    string ElementTypeName,
    int Offset,
    int Size,
    int Length,
    string Modifiers,
    bool HasSetter,
    string GetterModifiers,
    string SetterModifiers,
    bool SetterIsInit,
    int Stride = 0,
    bool Waitable = true);

/// <summary>One broken rule of an invalid layout, as its <c>#error</c> line names it.</summary>
/// <param name="Id">The diagnostic id (<c>EMMnnn</c>).</param>
/// <param name="Message">The diagnostic's message.</param>
internal sealed record LayoutError(string Id, string Message);

/// <summary>A layout as computed once from the symbol; equatable so the generator can cache it.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="ContainingTypes">
/// Types the layout is nested in, outermost first (named as metadata names them, <c>Outer`1</c>,
/// when <paramref name="CanExtend"/> is false: then the names only keep output file names apart).
/// </param>
/// <param name="Name">The layout struct's name (its metadata name, <c>Stats`1</c>, when <paramref name="CanExtend"/> is false).</param>
/// <param name="IsReadOnly">Whether the struct is declared <c>readonly</c>.</param>
/// <param name="IsValid">
/// Whether the layout broke no rule. When false the output fails the build: it holds one
/// <c>#error</c> per entry of <paramref name="Errors"/> and, when <paramref name="CanExtend"/>, a
/// shell declaring every partial property of the struct (offsets, size and hash zero) with a
/// throwing body, so the compiler adds no error of its own about missing implementations.
/// </param>
/// <param name="CanExtend">
/// Whether a <c>partial struct</c> declaration can be added to the type (a partial, non-generic,
/// non-record, non-ref struct inside partial, non-generic types); always true for a valid layout.
/// </param>
/// <param name="Size">The layout's size in bytes.</param>
/// <param name="Alignment">The largest natural alignment of its members (at least 1).</param>
/// <param name="Hash">The stable layout hash (see <see cref="LayoutHash"/>).</param>
/// <param name="Members">The members, in offset order.</param>
/// <param name="ReservedNamesTaken">Names among <c>Size</c>, <c>Alignment</c>, <c>LayoutHash</c> and the snapshot file's names (<c>LayoutComputation.SnapshotNames</c>) that the user already declares.</param>
/// <param name="Errors">For an invalid layout, every error it has, in the order they were found; empty for a valid one.</param>
/// <param name="Schema">The layout's schema in its binary form (<see cref="SchemaBytes"/>); empty for an invalid layout.</param>
internal sealed record LayoutModel(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    bool IsReadOnly,
    bool IsValid,
    bool CanExtend,
    int Size,
    int Alignment,
    ulong Hash,
    EquatableArray<LayoutMember> Members,
    EquatableArray<string> ReservedNamesTaken,
    EquatableArray<LayoutError> Errors,
    EquatableArray<byte> Schema)
{
    /// <summary>A file name for the generated source that is unique per layout.</summary>
    public string HintName
    {
        get
        {
            var parts = new System.Text.StringBuilder();
            if (Namespace.Length > 0)
            {
                parts.Append(Namespace).Append('.');
            }
            foreach (ContainingType type in ContainingTypes)
            {
                parts.Append(type.Name).Append('.');
            }
            // A namespace written with a keyword ('@event') keeps its '@' in Namespace; hint names refuse it.
            return parts.Append(Name).Append(".g.cs").Replace("@", string.Empty).ToString();
        }
    }
}
