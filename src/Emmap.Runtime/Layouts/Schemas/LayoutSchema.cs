namespace Emmap;

/// <summary>
/// What a layout is, as a layout file records it: its size and every member's name, kind, type,
/// offset, size, length and stride, nested layouts included. The generator writes it for every
/// <see cref="MappedLayoutAttribute"/> struct (<see cref="IMappedLayout{TSelf}.Schema"/>);
/// <see cref="LayoutFile{T}"/> stores it in the file, so a file describes itself, a mismatch names
/// the members that changed, and a compatible change can upgrade the file in place. The binary form
/// is in <c>docs/file-formats.md</c>, "Layout schema".
/// </summary>
public sealed class LayoutSchema
{
    /// <summary>The deepest nesting of layouts a schema may have.</summary>
    public const int MaxDepth = 16;

    internal LayoutSchema(int size, IReadOnlyList<LayoutSchemaMember> members)
    {
        Size = size;
        Members = members;
    }

    /// <summary>The layout's size in bytes.</summary>
    public int Size { get; }

    /// <summary>The members in the order the schema lists them (offset order, as the generator writes them).</summary>
    public IReadOnlyList<LayoutSchemaMember> Members { get; }

    /// <summary>
    /// Whether the schema lists no member although the layout has bytes: a layout written by hand,
    /// which says only its size and hash. Such a layout matches a file only by its hash.
    /// </summary>
    public bool IsOpaque => Members.Count == 0 && Size > 0;

    /// <summary>
    /// Reads a schema from its binary form, checking everything: every length and count against the
    /// bytes there are, every kind and type code, every member inside the size and none overlapping
    /// another, names present, unique and valid UTF-8, nesting at most <see cref="MaxDepth"/> deep.
    /// </summary>
    /// <param name="bytes">The schema's bytes, nothing before or after.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="FormatException">The bytes are not a valid schema; the message says what is wrong and where.</exception>
    public static LayoutSchema Parse(ReadOnlySpan<byte> bytes) =>
        SchemaFormat.TryRead(bytes, out LayoutSchema? schema, out string? problem) ? schema! : throw new FormatException(problem);

    /// <summary>The schema of <typeparamref name="T"/>: what the generator wrote, or for a layout written by hand (no schema), its size alone.</summary>
    /// <typeparam name="T">The layout.</typeparam>
    /// <returns>The schema.</returns>
    /// <exception cref="FormatException">The layout's <see cref="IMappedLayout{TSelf}.Schema"/> is not a valid schema.</exception>
    public static LayoutSchema Of<T>() where T : struct, IMappedLayout<T>
    {
        ReadOnlySpan<byte> bytes = T.Schema;
        return bytes.IsEmpty ? new LayoutSchema(T.Size, []) : Parse(bytes);
    }

    /// <summary>The schema's binary form, as <see cref="Parse"/> reads it and the generator writes it.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes() => SchemaFormat.Write(this);

    /// <summary>
    /// Compares the schema a file holds with the schema of the layout a process opens it with: what
    /// the layout changed, member by member, and whether the layout can open the file as it is,
    /// after an upgrade, or not at all. A pure function of the two schemas.
    /// </summary>
    /// <param name="file">The schema the file holds.</param>
    /// <param name="layout">The schema of the layout opening it.</param>
    /// <returns>The changes and the verdict.</returns>
    public static LayoutComparison Compare(LayoutSchema file, LayoutSchema layout)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(layout);
        return SchemaComparer.Compare(file, layout);
    }

    /// <summary>The members as text, one per line, then the size.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Concat(Members.Select(m => m + Environment.NewLine)) + $"size {Size} bytes";

    /// <summary>Same size and same members in the same places with the same types (names aside), recursively.</summary>
    internal bool SameShape(LayoutSchema other)
    {
        if (Size != other.Size || Members.Count != other.Members.Count)
        {
            return false;
        }
        for (int i = 0; i < Members.Count; i++)
        {
            if (!Members[i].SameShape(other.Members[i]) || Members[i].Name != other.Members[i].Name)
            {
                return false;
            }
        }
        return true;
    }
}
