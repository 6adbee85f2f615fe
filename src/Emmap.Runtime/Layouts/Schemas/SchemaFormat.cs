using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Emmap;

/// <summary>
/// The binary form of a <see cref="LayoutSchema"/> (<c>docs/file-formats.md</c>, "Layout schema"),
/// little-endian. The generator writes the same bytes (its <c>SchemaBytes</c>); a test checks that
/// both agree.
/// </summary>
/// <remarks>
/// <code>
/// schema = size:u32 count:u16 member{count}
/// member = kind:u8 storage:u8 offset:u32 size:u32 length:u32 stride:u32
///          name:str typeName:str formerCount:u8 formerName:str{formerCount}
///          [schema, when kind is Nested (2) or LayoutArray (4)]
/// str    = byteCount:u16 utf8{byteCount}
/// </code>
/// </remarks>
internal static class SchemaFormat
{
    /// <summary>The fewest bytes one member takes (an empty name is refused, so one more in practice).</summary>
    internal const int MinimumMemberBytes = 1 + 1 + 4 + 4 + 4 + 4 + 2 + 2 + 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static byte[] Write(LayoutSchema schema)
    {
        var output = new List<byte>();
        Write(output, schema);
        return [.. output];
    }

    private static void Write(List<byte> output, LayoutSchema schema)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)schema.Size);
        output.AddRange(word);
        BinaryPrimitives.WriteUInt16LittleEndian(word, checked((ushort)schema.Members.Count));
        output.AddRange(word[..2]);
        foreach (LayoutSchemaMember member in schema.Members)
        {
            output.Add((byte)member.Kind);
            output.Add((byte)member.Storage);
            foreach (int value in (ReadOnlySpan<int>)[member.Offset, member.Size, member.Length, member.Stride])
            {
                BinaryPrimitives.WriteInt32LittleEndian(word, value);
                output.AddRange(word);
            }
            WriteString(output, member.Name);
            WriteString(output, member.TypeName);
            output.Add(checked((byte)member.FormerNames.Count));
            foreach (string former in member.FormerNames)
            {
                WriteString(output, former);
            }
            if (member.Nested is not null)
            {
                Write(output, member.Nested);
            }
        }
    }

    private static void WriteString(List<byte> output, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        output.Add((byte)(bytes.Length & 0xFF));
        output.Add((byte)(checked((ushort)bytes.Length) >> 8));
        output.AddRange(bytes);
    }

    /// <summary>Reads and checks a whole schema; false with what is wrong (and at which byte) otherwise.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> bytes, out LayoutSchema? schema, out string? problem)
    {
        int position = 0;
        schema = Read(bytes, ref position, depth: 0, "the layout", out problem);
        if (schema is not null && position != bytes.Length)
        {
            problem = $"the schema has {bytes.Length - position} bytes after its end (it ends at byte {position} of {bytes.Length})";
            schema = null;
        }
        return schema is not null;
    }

    private static LayoutSchema? Read(ReadOnlySpan<byte> bytes, ref int position, int depth, string where, out string? problem)
    {
        if (depth > LayoutSchema.MaxDepth)
        {
            problem = $"{where} nests layouts more than {LayoutSchema.MaxDepth} deep";
            return null;
        }
        if (!Take(bytes, ref position, 6, where + "'s size and member count", out ReadOnlySpan<byte> head, out problem))
        {
            return null;
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(head);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
        if (size > int.MaxValue)
        {
            problem = $"{where}'s size is {size} bytes, past the largest layout ({int.MaxValue} bytes)";
            return null;
        }
        if ((long)count * MinimumMemberBytes > bytes.Length - position)
        {
            problem = $"{where} has a member count of {count}, more than its remaining {bytes.Length - position} bytes can hold ({MinimumMemberBytes} bytes each at least)";
            return null;
        }
        var members = new LayoutSchemaMember[count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            LayoutSchemaMember? member = ReadMember(bytes, ref position, depth, $"{where}'s member {i}", (int)size, out problem);
            if (member is null)
            {
                return null;
            }
            foreach (string name in member.FormerNames.Prepend(member.Name))
            {
                if (!names.Add(name))
                {
                    problem = $"{where} has the name '{name}' twice (member {i}, {member.Name})";
                    return null;
                }
            }
            members[i] = member;
        }
        LayoutSchemaMember[] byOffset = [.. members.OrderBy(m => m.Offset)];
        for (int i = 1; i < byOffset.Length; i++)
        {
            LayoutSchemaMember before = byOffset[i - 1], after = byOffset[i];
            if ((long)before.Offset + before.Size > after.Offset && after.Size > 0 && before.Size > 0)
            {
                problem = $"{where}'s members {before.Name} (bytes {before.Offset} to {(long)before.Offset + before.Size}) and {after.Name} (from byte {after.Offset}) overlap";
                return null;
            }
        }
        problem = null;
        return new LayoutSchema((int)size, members);
    }

    private static LayoutSchemaMember? ReadMember(ReadOnlySpan<byte> bytes, ref int position, int depth, string where, int layoutSize, out string? problem)
    {
        if (!Take(bytes, ref position, 18, where, out ReadOnlySpan<byte> fixedPart, out problem))
        {
            return null;
        }
        var kind = (LayoutMemberKind)fixedPart[0];
        var storage = (TypeCode)fixedPart[1];
        int offset = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[2..]);
        int size = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[6..]);
        int length = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[10..]);
        int stride = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[14..]);
        if (!ReadString(bytes, ref position, where + "'s name", out string name, out problem)
            || !ReadString(bytes, ref position, where + "'s type name", out string typeName, out problem))
        {
            return null;
        }
        if (name.Length == 0)
        {
            problem = where + " has an empty name";
            return null;
        }
        where += $" ({name})";
        if (!Take(bytes, ref position, 1, where + "'s former-name count", out ReadOnlySpan<byte> formerCount, out problem))
        {
            return null;
        }
        string[] former = new string[formerCount[0]];
        for (int i = 0; i < former.Length; i++)
        {
            if (!ReadString(bytes, ref position, where + $"'s former name {i}", out former[i], out problem))
            {
                return null;
            }
            if (former[i].Length == 0)
            {
                problem = where + $" has an empty former name ({i})";
                return null;
            }
        }
        if (!Enum.IsDefined(kind))
        {
            problem = $"{where} has kind {(int)kind}, which this version of Emmap does not know (it knows {string.Join(", ", Enum.GetValues<LayoutMemberKind>().Select(k => $"{(int)k} {k}"))})";
            return null;
        }
        bool ofLayouts = kind is LayoutMemberKind.Nested or LayoutMemberKind.LayoutArray;
        int storageSize = StorageSize(storage);
        if (ofLayouts ? storage != TypeCode.Empty : storageSize == 0)
        {
            problem = $"{where} is a {kind} with type code {(int)storage}, expected {(ofLayouts ? "0 (a layout)" : "a primitive's type code (3 to 14)")}";
            return null;
        }
        if (offset < 0 || size < 0 || length < 0 || stride < 0 || (long)offset + size > layoutSize)
        {
            problem = $"{where} is at offset {offset} with size {size} (length {length}, stride {stride}), which does not fit in the layout's {layoutSize} bytes";
            return null;
        }
        LayoutSchema? nested = null;
        if (ofLayouts)
        {
            nested = Read(bytes, ref position, depth + 1, where, out problem);
            if (nested is null)
            {
                return null;
            }
        }
        if (Inconsistency(kind, storageSize, size, length, stride, nested) is { } wrong)
        {
            problem = $"{where}: {wrong}";
            return null;
        }
        problem = null;
        return new LayoutSchemaMember(name, kind, storage, typeName, offset, size, length, stride, former, nested);
    }

    /// <summary>What does not add up between a member's kind, size, length and stride; <see langword="null"/> when all does.</summary>
    private static string? Inconsistency(LayoutMemberKind kind, int storageSize, int size, int length, int stride, LayoutSchema? nested)
    {
        string Numbers() => string.Create(CultureInfo.InvariantCulture, $"size {size}, length {length}, stride {stride}");
        switch (kind)
        {
            case LayoutMemberKind.Nested:
                return size == nested!.Size && length == 0 && stride == 0 ? null : $"a nested layout of {nested.Size} bytes has {Numbers()}";
            case LayoutMemberKind.LayoutArray:
                return length > 0 && stride == nested!.Size && (long)stride * length == size ? null
                    : $"an array of layouts of {nested!.Size} bytes has {Numbers()}";
            case LayoutMemberKind.Array:
                return length > 0 && stride == storageSize && (long)stride * length == size ? null
                    : $"an array of {storageSize}-byte elements has {Numbers()}";
            case LayoutMemberKind.AtomicCounterArray:
                return length > 0 && stride >= storageSize && stride % storageSize == 0 && (long)(length - 1) * stride + storageSize == size ? null
                    : $"an array of {storageSize}-byte counters has {Numbers()}";
            case LayoutMemberKind.Field:
            case LayoutMemberKind.AtomicCounter:
                return size == storageSize && length == 0 && stride == 0 ? null : $"a {storageSize}-byte value has {Numbers()}";
            default:
                // A kind added later (a one-word member such as a sequence lock): at least its value, no elements.
                return size >= storageSize && length == 0 && stride == 0 ? null : $"a {kind} of {storageSize}-byte values has {Numbers()}";
        }
    }

    /// <summary>The bytes a primitive of type code <paramref name="storage"/> takes; 0 for a code that is not one a layout stores.</summary>
    internal static int StorageSize(TypeCode storage) => storage switch
    {
        TypeCode.Boolean or TypeCode.Byte or TypeCode.SByte => 1,
        TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Char => 2,
        TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Single => 4,
        TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Double => 8,
        _ => 0,
    };

    private static bool ReadString(ReadOnlySpan<byte> bytes, ref int position, string what, out string text, out string? problem)
    {
        text = string.Empty;
        if (!Take(bytes, ref position, 2, what + "'s length", out ReadOnlySpan<byte> count, out problem)
            || !Take(bytes, ref position, BinaryPrimitives.ReadUInt16LittleEndian(count), what, out ReadOnlySpan<byte> utf8, out problem))
        {
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            problem = $"{what} is not valid UTF-8 (at byte {position - utf8.Length})";
            return false;
        }
    }

    private static bool Take(ReadOnlySpan<byte> bytes, ref int position, int count, string what, out ReadOnlySpan<byte> taken, out string? problem)
    {
        if (count > bytes.Length - position)
        {
            problem = $"the schema ends inside {what} (it needs {count} bytes at byte {position}, the schema has {bytes.Length})";
            taken = default;
            return false;
        }
        taken = bytes.Slice(position, count);
        position += count;
        problem = null;
        return true;
    }
}
