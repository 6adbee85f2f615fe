using System.Text;

namespace Emmap.Layout;

/// <summary>
/// The layout hash: 64-bit FNV-1a over the UTF-8 bytes of a layout's <see cref="CanonicalText"/>
/// (every member's name, kind, stored type, offset and length, then the size). Renaming, retyping,
/// moving or resizing a member changes it; renaming the struct does not.
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
