using System.Globalization;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes what an atomic counter array's property returns: an <c>AtomicCounterArray&lt;T&gt;</c> handle
/// over the array's first element, with its length and stride. The handle carries every indexed
/// atomic, so the generator writes no methods for it.
/// </summary>
internal static class CounterArrayEmitter
{
    /// <summary>The expression the property's getter returns.</summary>
    public static string Read(EmitContext context, LayoutMember member) =>
        "new " + member.TypeName + "(" + context.View + ".Slice(" + member.Offset.ToString(CultureInfo.InvariantCulture) + "), "
        + member.Length.ToString(CultureInfo.InvariantCulture) + ", " + member.Stride.ToString(CultureInfo.InvariantCulture) + ")";
}
