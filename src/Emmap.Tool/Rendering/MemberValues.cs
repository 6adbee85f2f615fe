using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Emmap.Tool.Rendering;

/// <summary>
/// A layout file's members with their values, read through the schema the file stores (no C#
/// struct needed): nested layouts and arrays of layouts are followed (<c>Leader.Jobs</c>,
/// <c>Workers[1].State</c>), arrays of values are shown as lists. For files of format version 2.
/// </summary>
internal static class MemberValues
{
    /// <summary>The most elements of one array shown, and the most rows listed.</summary>
    private const int MaxElements = 32;
    private const int MaxRows = 1024;

    /// <summary>One member's row: its path, what it is, its offset in the layout, its value as text.</summary>
    internal readonly record struct Row(string Path, string Kind, string Type, int Offset, int Size, string Value);

    /// <summary>The rows of <paramref name="schema"/> over <paramref name="data"/> (the layout's first bytes; members past them show no value).</summary>
    internal static List<Row> Of(LayoutSchema schema, ReadOnlySpan<byte> data)
    {
        var rows = new List<Row>();
        Add(rows, schema, data, 0, string.Empty);
        return rows;
    }

    private static void Add(List<Row> rows, LayoutSchema schema, ReadOnlySpan<byte> data, int baseOffset, string prefix)
    {
        foreach (LayoutSchemaMember member in schema.Members)
        {
            if (rows.Count >= MaxRows)
            {
                return;
            }
            int offset = baseOffset + member.Offset;
            string path = prefix + member.Name;
            if (member.Kind == LayoutMemberKind.Nested && member.Nested is { } nested)
            {
                Add(rows, nested, data, offset, path + ".");
            }
            else if (member.Kind == LayoutMemberKind.LayoutArray && member.Nested is { } element)
            {
                for (int i = 0; i < member.Length && rows.Count < MaxRows; i++)
                {
                    Add(rows, element, data, offset + i * member.Stride, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "].");
                }
            }
            else
            {
                string type = member.TypeName.Length > 0 ? $"{member.TypeName} ({member.Storage})" : member.Storage.ToString();
                rows.Add(new Row(path, member.Kind.ToString(), member.Length > 0 ? $"{type}[{member.Length}]" : type, offset, member.Size, Value(member, data, offset)));
            }
        }
    }

    private static string Value(LayoutSchemaMember member, ReadOnlySpan<byte> data, int offset)
    {
        if ((long)offset + member.Size > data.Length)
        {
            return "(past the data read)";
        }
        if (member.Length == 0)
        {
            return Primitive(member.Storage, data[offset..]);
        }
        var text = new StringBuilder("[");
        for (int i = 0; i < Math.Min(member.Length, MaxElements); i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(Primitive(member.Storage, data[(offset + i * member.Stride)..]));
        }
        return text.Append(member.Length > MaxElements ? ", ...]" : "]").ToString();
    }

    /// <summary>A value stored as <paramref name="storage"/> at the start of <paramref name="bytes"/>, little-endian, as invariant text.</summary>
    internal static string Primitive(TypeCode storage, ReadOnlySpan<byte> bytes) => storage switch
    {
        TypeCode.Boolean => bytes[0] != 0 ? "true" : "false",
        TypeCode.Byte => bytes[0].ToString(CultureInfo.InvariantCulture),
        TypeCode.SByte => ((sbyte)bytes[0]).ToString(CultureInfo.InvariantCulture),
        TypeCode.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.Char => "U+" + BinaryPrimitives.ReadUInt16LittleEndian(bytes).ToString("X4", CultureInfo.InvariantCulture),
        TypeCode.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.Single => BinaryPrimitives.ReadSingleLittleEndian(bytes).ToString("R", CultureInfo.InvariantCulture),
        TypeCode.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        TypeCode.Double => BinaryPrimitives.ReadDoubleLittleEndian(bytes).ToString("R", CultureInfo.InvariantCulture),
        _ => "?",
    };
}
