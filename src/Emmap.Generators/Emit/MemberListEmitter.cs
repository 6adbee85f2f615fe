using System.Globalization;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes <c>IMappedLayout&lt;T&gt;.Members</c>: one <c>LayoutMemberInfo</c> per member (name, kind,
/// offset, size, type), so code that does not know the struct, such as the metrics bridge, can
/// read every member. A shell's list throws, like its other members.
/// </summary>
internal static class MemberListEmitter
{
    /// <summary>The static field that holds the list.</summary>
    public const string FieldName = "__emmapMembers";

    public static void Write(EmitContext context)
    {
        SourceWriter writer = context.Writer;
        writer.Line();
        writer.Line("static global::System.Collections.Generic.IReadOnlyList<global::Emmap.LayoutMemberInfo> " + context.Interface + ".Members => "
            + context.Body(FieldName) + ";");
        if (!context.Model.IsValid)
        {
            return;
        }
        writer.Line();
        writer.Line("private static readonly global::Emmap.LayoutMemberInfo[] " + FieldName + " = new global::Emmap.LayoutMemberInfo[]");
        writer.Line("{");
        foreach (LayoutMember member in context.Model.Members)
        {
            writer.Line("    " + Describe(member) + ",");
        }
        writer.Line("};");
    }

    private static string Describe(LayoutMember member)
    {
        string name = "\"" + member.Name + "\"";
        string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
        string size = member.Size.ToString(CultureInfo.InvariantCulture);
        string length = member.Length.ToString(CultureInfo.InvariantCulture);
        return member.Kind switch
        {
            MemberKind.Nested => "global::Emmap.LayoutMemberInfo.Nested<" + member.TypeName + ">(" + name + ", " + offset + ")",
            MemberKind.LayoutArray => "global::Emmap.LayoutMemberInfo.LayoutArray<" + member.ElementTypeName + ">(" + name + ", " + offset + ", " + size + ", " + length + ")",
            MemberKind.Array => "new global::Emmap.LayoutMemberInfo(" + name + ", global::Emmap.LayoutMemberKind.Array, " + offset + ", " + size + ", typeof(" + member.ElementTypeName + "), " + length + ")",
            MemberKind.CounterArray => "new global::Emmap.LayoutMemberInfo(" + name + ", global::Emmap.LayoutMemberKind.AtomicCounterArray, " + offset + ", " + size + ", typeof(" + member.Primitive + "), " + length + ", "
                + member.Stride.ToString(CultureInfo.InvariantCulture) + ")",
            MemberKind.SequenceLock => "new global::Emmap.LayoutMemberInfo(" + name + ", global::Emmap.LayoutMemberKind.SequenceLock, " + offset + ", " + size + ", typeof(global::Emmap.SequenceLock))",
            MemberKind.Counter => "new global::Emmap.LayoutMemberInfo(" + name + ", global::Emmap.LayoutMemberKind.AtomicCounter, " + offset + ", " + size + ", typeof(" + member.TypeName + "))",
            _ => "new global::Emmap.LayoutMemberInfo(" + name + ", global::Emmap.LayoutMemberKind.Field, " + offset + ", " + size + ", typeof(" + member.TypeName + "))",
        };
    }
}
