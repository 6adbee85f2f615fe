using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// The text a layout's hash is computed over (<see cref="LayoutHash"/>). It is part of the file
/// format: files record the hash, and a process refuses a file whose hash differs from its own
/// layout's, so any change to this text (or to how a stored type is spelled) makes every existing
/// file unreadable. <c>LayoutHashTests</c> pins it with a golden value.
/// </summary>
/// <remarks>
/// The grammar, members in offset order (then by name), invariant culture, no spaces:
/// <code>
/// text   = { member ";" } "size=" size
/// member = name ":" ("counter" | "field" | "lock") ":" stored "@" offset "x" length
/// stored = keyword                       a primitive: bool byte sbyte short ushort char int uint float long ulong double
///        | "enum(" fqn ":" keyword ")"   an enum: its fully qualified name (global::...) and underlying keyword
///        | "array(" stored ")"           MappedArray&lt;T&gt; of a primitive or enum
///        | "layout(" hash ")"            a nested layout: its own hash, 16 upper-case hex digits
///        | "layouts(" hash ")"           LayoutArray&lt;T&gt;
///        | "counters(" keyword "/" stride ")"   AtomicCounterArray&lt;T&gt;: int, uint, long or ulong, elements stride bytes apart
///        | "seqlock"                     a SequenceLock (kind "lock": its sequence and owner words, 16 bytes)
/// </code>
/// <c>length</c> is the element count of an array, 0 otherwise. The struct's own name and namespace
/// are not in it, so renaming a layout keeps its files readable.
/// </remarks>
internal static class CanonicalText
{
    /// <summary>How a primitive or enum is spelled.</summary>
    public static string Primitive(ITypeSymbol type, string keyword) =>
        type.TypeKind == TypeKind.Enum ? "enum(" + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ":" + keyword + ")" : keyword;

    /// <summary>How a <c>MappedArray&lt;T&gt;</c> is spelled, from its element's spelling.</summary>
    public static string Array(string element) => "array(" + element + ")";

    /// <summary>How a nested layout with hash <paramref name="hash"/> is spelled.</summary>
    public static string Nested(ulong hash) => "layout(" + Hex(hash) + ")";

    /// <summary>How a <c>LayoutArray&lt;T&gt;</c> of a layout with hash <paramref name="hash"/> is spelled.</summary>
    public static string LayoutArray(ulong hash) => "layouts(" + Hex(hash) + ")";

    /// <summary>How an <c>AtomicCounterArray&lt;T&gt;</c> of <paramref name="keyword"/> elements <paramref name="stride"/> bytes apart is spelled.</summary>
    public static string CounterArray(string keyword, int stride) =>
        "counters(" + keyword + "/" + stride.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary>The whole text of a layout: <paramref name="members"/> must be in offset order.</summary>
    public static string Of(IEnumerable<MemberDraft> members, long size)
    {
        var text = new StringBuilder();
        foreach (MemberDraft member in members)
        {
            text.Append(member.Name).Append(':')
.Append(member.IsCounter ? "counter" : member.Kind == MemberKind.SequenceLock ? "lock" : "field").Append(':')
                .Append(member.StoredType).Append('@')
                .Append(member.Offset.ToString(CultureInfo.InvariantCulture)).Append('x')
                .Append(member.Length.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return text.Append("size=").Append(size.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static string Hex(ulong hash) => hash.ToString("X16", CultureInfo.InvariantCulture);
}
