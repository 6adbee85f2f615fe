using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Emmap.Layout;

/// <summary>
/// A layout's schema in its binary form, the constant the generator writes as
/// <c>IMappedLayout&lt;T&gt;.Schema</c> and layout files store (<c>docs/file-formats.md</c>, "Layout
/// schema"; the runtime reads it with <c>LayoutSchema.Parse</c>). Little-endian:
/// <code>
/// schema = size:u32 count:u16 member{count}
/// member = kind:u8 storage:u8 offset:u32 size:u32 length:u32 stride:u32
///          name:str typeName:str formerCount:u8 formerName:str{formerCount}
///          [schema, when kind is Nested (2) or LayoutArray (4)]
/// str    = byteCount:u16 utf8{byteCount}
/// </code>
/// Computed from the same members as the hash (<see cref="CanonicalText"/>), so the two never disagree.
/// </summary>
internal static class SchemaBytes
{
    /// <summary>
    /// The runtime's <c>Emmap.LayoutMemberKind</c> value for each kind (the schema stores the number).
    /// A new kind is one line here and one in the runtime enum.
    /// </summary>
    public static byte RuntimeKind(MemberKind kind) => kind switch
    {
        MemberKind.Scalar => 0,        // Field
        MemberKind.Counter => 1,       // AtomicCounter
        MemberKind.Nested => 2,        // Nested
        MemberKind.Array => 3,         // Array
        MemberKind.LayoutArray => 4,   // LayoutArray
        MemberKind.CounterArray => 5,  // AtomicCounterArray
        MemberKind.SequenceLock => 6,  // SequenceLock: two ulong words (storage ulong, 16 bytes)
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "A member kind with no LayoutMemberKind value."),
    };

    /// <summary>The <c>System.TypeCode</c> value of a stored primitive, by its C# keyword; 0 (Empty) for a layout.</summary>
    public static byte StorageCode(string keyword) => keyword switch
    {
        "bool" => 3,
        "char" => 4,
        "sbyte" => 5,
        "byte" => 6,
        "short" => 7,
        "ushort" => 8,
        "int" => 9,
        "uint" => 10,
        "long" => 11,
        "ulong" => 12,
        "float" => 13,
        "double" => 14,
        _ => 0,
    };

    /// <summary>An enum's full name as the schema spells it (<c>MyApp.State</c>); empty for any other type.</summary>
    public static string EnumName(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum ? type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) : string.Empty;

    /// <summary>The schema of a layout of <paramref name="size"/> bytes with <paramref name="members"/> (in offset order).</summary>
    public static ImmutableArray<byte> Of(IReadOnlyList<MemberDraft> members, int size)
    {
        var output = new List<byte>();
        UInt32(output, (uint)size);
        UInt16(output, members.Count);
        foreach (MemberDraft member in members)
        {
            output.Add(RuntimeKind(member.Kind));
            output.Add(member.NestedModel is null ? StorageCode(member.Primitive) : (byte)0);
            UInt32(output, (uint)member.Offset);
            UInt32(output, (uint)member.Size);
            UInt32(output, (uint)member.Length);
            UInt32(output, (uint)Stride(member));
            String(output, member.Name);
            String(output, member.NestedModel is { } named ? named.Name : member.EnumName);
            output.Add((byte)member.FormerNames.Length);
            foreach (string former in member.FormerNames)
            {
                String(output, former);
            }
            if (member.NestedModel is { } nested)
            {
                output.AddRange(nested.Schema.Items);
            }
        }
        return output.ToImmutableArray();
    }

    private static int Stride(MemberDraft member) => member.Kind switch
    {
        MemberKind.CounterArray => member.Stride,
        MemberKind.Array => member.Length > 0 ? member.Size / member.Length : 0,
        MemberKind.LayoutArray => member.NestedModel?.Size ?? 0,
        _ => 0,
    };

    private static void UInt32(List<byte> output, uint value)
    {
        output.Add((byte)value);
        output.Add((byte)(value >> 8));
        output.Add((byte)(value >> 16));
        output.Add((byte)(value >> 24));
    }

    private static void UInt16(List<byte> output, int value)
    {
        output.Add((byte)value);
        output.Add((byte)(value >> 8));
    }

    private static void String(List<byte> output, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        UInt16(output, bytes.Length);
        output.AddRange(bytes);
    }
}
