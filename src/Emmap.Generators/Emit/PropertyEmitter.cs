using System.Globalization;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes the implementing part of a layout's partial property. It carries no doc comment: the
/// user's declaration does, and an implementation's comment would replace it.
/// </summary>
internal static class PropertyEmitter
{
    public static void Write(EmitContext context, LayoutMember member)
    {
        SourceWriter writer = context.Writer;
        writer.Open(member.Modifiers + " " + member.TypeName + " " + EmitContext.Escape(member.Name));
        writer.Line(Accessor(member.GetterModifiers, "get") + " => " + context.Body(Read(context, member)) + ";");
        if (member.HasSetter)
        {
            writer.Line(Accessor(member.SetterModifiers, member.SetterIsInit ? "init" : "set") + " => " + context.Body(Store(context, member)) + ";");
        }
        writer.Close();
    }

    private static string Accessor(string modifiers, string keyword) => modifiers.Length > 0 ? modifiers + " " + keyword : keyword;

    private static string Read(EmitContext context, LayoutMember member)
    {
        string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
        return member.Kind switch
        {
            MemberKind.Nested => context.View + ".Nested<" + member.TypeName + ">(" + offset + ")",
            MemberKind.Array or MemberKind.LayoutArray =>
                "new " + member.TypeName + "(" + context.View + ".Slice(" + offset + "), " + member.Length.ToString(CultureInfo.InvariantCulture) + ")",
            MemberKind.CounterArray => CounterArrayEmitter.Read(context, member),
            MemberKind.SequenceLock => "new global::Emmap.SequenceLock(" + context.View + ", " + offset + ")",
            _ when member.Primitive == "bool" => context.View + ".ReadBoolean(" + offset + ")",
            _ => context.View + ".Read<" + member.TypeName + ">(" + offset + ")",
        };
    }

    private static string Store(EmitContext context, LayoutMember member) => Store(context.View, member);

    /// <summary>
    /// The store of a scalar field through <paramref name="view"/>, for its setter, an update scope's
    /// setter and <c>WriteFieldByField</c>: it wakes waiters unless the field is not <c>Waitable</c>.
    /// </summary>
    internal static string Store(string view, LayoutMember member, string value = "value")
    {
        string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
        return member.Primitive == "bool"
            ? view + ".WriteBoolean(" + offset + ", " + value + ")"
            : view + (member.Waitable ? ".Write<" : ".WriteWithoutWake<") + member.TypeName + ">(" + offset + ", " + value + ")";
    }
}
