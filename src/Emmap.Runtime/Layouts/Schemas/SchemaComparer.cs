using System.Globalization;

namespace Emmap;

/// <summary>
/// Compares a file's schema with a layout's, member by member (<see cref="LayoutSchema.Compare"/>).
/// Members are matched by name, or by a former name either side declares; an unmatched pair at the
/// same offset with the same type and size is a rename.
/// </summary>
internal static class SchemaComparer
{
    internal static LayoutComparison Compare(LayoutSchema file, LayoutSchema layout)
    {
        var changes = new List<LayoutChange>();
        if (file.IsOpaque || layout.IsOpaque)
        {
            // A layout written by hand lists no members: only its size (and, in LayoutFile, its hash) can be compared.
            AddSize(file, layout, changes, upgrade: false, subset: false);
            if (file.IsOpaque != layout.IsOpaque)
            {
                changes.Add(new LayoutChange(LayoutChangeKind.HashChanged, string.Empty, Listing(file), Listing(layout), isCompatible: false));
            }
            return new LayoutComparison(changes.Count == 0 ? LayoutVerdict.Identical : LayoutVerdict.Incompatible, changes);
        }

        var matched = new HashSet<LayoutSchemaMember>(ReferenceEqualityComparer.Instance);
        bool removed = false, added = false, other = false, renamed = false;
        foreach (LayoutSchemaMember found in file.Members)
        {
            LayoutSchemaMember? expected = layout.Members.FirstOrDefault(m => m.Name == found.Name)
                ?? layout.Members.FirstOrDefault(m => !matched.Contains(m) && (m.Answers(found.Name) || found.Answers(m.Name)));
            if (expected is null)
            {
                LayoutSchemaMember? sameShape = layout.Members.FirstOrDefault(m => !matched.Contains(m) && m.SameShape(found)
                    && !file.Members.Any(f => f.Answers(m.Name)));
                if (sameShape is not null)
                {
                    matched.Add(sameShape);
                    changes.Add(new LayoutChange(LayoutChangeKind.Renamed, sameShape.Name, found.ToString(), sameShape.ToString(), isCompatible: false));
                    other = true;
                }
                else
                {
                    changes.Add(new LayoutChange(LayoutChangeKind.Removed, found.Name, found.ToString(), string.Empty, isCompatible: true));
                    removed = true;
                }
                continue;
            }
            matched.Add(expected);
            bool differs = false;
            if (expected.Offset != found.Offset)
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Moved, expected.Name, found.ToString(), expected.ToString(), isCompatible: false));
                differs = true;
            }
            if (!expected.SameType(found))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Retyped, expected.Name, found.ToString(), expected.ToString(), isCompatible: false));
                differs = true;
            }
            if (!expected.SameSize(found))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Resized, expected.Name, found.ToString(), expected.ToString(), isCompatible: false));
                differs = true;
            }
            if (!differs && expected.Name != found.Name)
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Renamed, expected.Name, found.ToString(), expected.ToString(), isCompatible: true));
                // The layout declaring the file's name renames forward (an upgrade); the file declaring
                // the layout's name means the file is newer (the layout opens it as a subset, writing nothing).
                if (expected.Answers(found.Name))
                {
                    renamed = true;
                }
                else
                {
                    removed = true;
                }
            }
            other |= differs;
        }
        foreach (LayoutSchemaMember expected in layout.Members)
        {
            if (matched.Contains(expected))
            {
                continue;
            }
            bool free = !file.Members.Any(f => Overlaps(f, expected));
            changes.Add(new LayoutChange(LayoutChangeKind.Added, expected.Name, string.Empty, expected.ToString(), free));
            added = true;
            other |= !free;
        }
        // An upgrade only adds (and grows); a subset only lacks (and is smaller). Both at once is neither.
        bool upgrade = !other && !removed && layout.Size >= file.Size;
        bool subset = !other && !added && layout.Size <= file.Size;
        AddSize(file, layout, changes, upgrade, subset);
        LayoutVerdict verdict = changes.Count == 0 ? LayoutVerdict.Identical
            : upgrade && (added || renamed || layout.Size != file.Size) ? LayoutVerdict.Upgrade
            : subset ? LayoutVerdict.Subset
            : LayoutVerdict.Incompatible;
        return new LayoutComparison(verdict, changes);
    }

    private static void AddSize(LayoutSchema file, LayoutSchema layout, List<LayoutChange> changes, bool upgrade, bool subset)
    {
        if (file.Size != layout.Size)
        {
            bool compatible = layout.Size > file.Size ? upgrade : subset;
            changes.Add(new LayoutChange(LayoutChangeKind.SizeChanged, string.Empty, Bytes(file.Size), Bytes(layout.Size), compatible));
        }
    }

    private static string Listing(LayoutSchema schema) =>
        schema.IsOpaque ? "a layout written by hand (no member list)" : schema.Members.Count.ToString(CultureInfo.InvariantCulture) + " members";

    private static bool Overlaps(LayoutSchemaMember a, LayoutSchemaMember b) =>
        a.Size > 0 && b.Size > 0 && a.Offset < (long)b.Offset + b.Size && b.Offset < (long)a.Offset + a.Size;

    private static string Bytes(int size) => size.ToString(CultureInfo.InvariantCulture) + " bytes";
}
