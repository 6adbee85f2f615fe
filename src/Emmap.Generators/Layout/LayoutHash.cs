using System.Text;

namespace Emmap.Layout;

/// <summary>
/// The layout hash: 64-bit FNV-1a over a canonical text of every member (name, kind, stored type,
/// offset, length) in offset order, then the layout size. The struct's own name is not part of it,
/// so renaming a layout keeps its files readable; renaming, retyping, moving or resizing a member
/// changes it.
/// </summary>
internal static class LayoutHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Compute(string canonicalText)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(canonicalText))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }
        return hash;
    }
}
