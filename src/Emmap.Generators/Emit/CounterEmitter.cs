using System.Globalization;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes an atomic counter's methods. Each read-modify-write returns the value before the
/// operation, as the runtime's atomics (and emmap's) do, and its name starts with what it returns.
/// </summary>
internal static class CounterEmitter
{
    /// <summary>One generated method: its name prefix, the <c>MappedView</c> operation it calls and its documentation.</summary>
    private sealed class Operation
    {
        public Operation(string prefix, string runtime, string summary, string[] parameters, string constantArgument = "")
        {
            Prefix = prefix;
            Runtime = runtime;
            Summary = summary;
            Parameters = parameters;
            ConstantArgument = constantArgument;
        }

        public string Prefix { get; }
        public string Runtime { get; }
        /// <summary>The summary, with <c>{0}</c> where the counter's <c>see cref</c> goes.</summary>
        public string Summary { get; }
        /// <summary>Pairs of parameter name and its documentation.</summary>
        public string[] Parameters { get; }
        /// <summary>For increment and decrement, the constant passed instead of a parameter.</summary>
        public string ConstantArgument { get; }
    }

    private static readonly Operation[] Operations =
    {
        new("GetAndIncrement", "GetAndAdd", "Atomically adds 1 to {0}; returns the value before the increment.", new string[0], "1"),
        new("GetAndDecrement", "GetAndSubtract", "Atomically subtracts 1 from {0}; returns the value before the decrement.", new string[0], "1"),
        new("GetAndAdd", "GetAndAdd", "Atomically adds <paramref name=\"delta\"/> to {0}; returns the value before the addition.",
            new[] { "delta", "The amount to add; it wraps around on overflow." }),
        new("Exchange", "Exchange", "Atomically sets {0} to <paramref name=\"value\"/>; returns the value before.",
            new[] { "value", "The new value." }),
        new("CompareExchange", "CompareExchange",
            "Atomically sets {0} to <paramref name=\"value\"/> if it equals <paramref name=\"comparand\"/>; returns the value before, which equals <paramref name=\"comparand\"/> exactly when the value was set.",
            new[] { "value", "The value to store if the current value equals the comparand.", "comparand", "The value expected." }),
        new("GetAndAnd", "GetAndAnd", "Atomically ANDs <paramref name=\"mask\"/> into {0}; returns the value before.",
            new[] { "mask", "The bits to keep." }),
        new("GetAndOr", "GetAndOr", "Atomically ORs <paramref name=\"mask\"/> into {0}; returns the value before.",
            new[] { "mask", "The bits to set." }),
        new("GetAndXor", "GetAndXor", "Atomically XORs <paramref name=\"mask\"/> into {0}; returns the value before.",
            new[] { "mask", "The bits to flip." }),
    };

    public static void Write(EmitContext context, LayoutMember member)
    {
        SourceWriter writer = context.Writer;
        string accessibility = Accessibility(member.Modifiers);
        string type = member.TypeName;
        string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
        string suffix = RuntimeSuffix(member.Primitive);
        foreach (Operation operation in Operations)
        {
            var declared = new System.Collections.Generic.List<string>();
            var passed = new System.Collections.Generic.List<string> { offset };
            writer.Line();
            writer.Summary(string.Format(CultureInfo.InvariantCulture, operation.Summary, "<see cref=\"" + EmitContext.Escape(member.Name) + "\"/>"));
            for (int i = 0; i < operation.Parameters.Length; i += 2)
            {
                writer.Line("/// <param name=\"" + operation.Parameters[i] + "\">" + operation.Parameters[i + 1] + "</param>");
                declared.Add(type + " " + operation.Parameters[i]);
                passed.Add(operation.Parameters[i]);
            }
            if (operation.ConstantArgument.Length > 0)
            {
                passed.Add(operation.ConstantArgument);
            }
            string call = context.View + "." + operation.Runtime + suffix + "(" + string.Join(", ", passed) + ")";
            writer.Line(accessibility + " readonly " + type + " " + operation.Prefix + member.Name
                + "(" + string.Join(", ", declared) + ") => " + context.Body(call) + ";");
        }
    }

    /// <summary>The accessibility the methods share with their property: its accessibility keywords, else <c>private</c> (a struct member's default).</summary>
    internal static string Accessibility(string modifiers)
    {
        var kept = new System.Collections.Generic.List<string>();
        foreach (string word in modifiers.Split(' '))
        {
            if (word is "public" or "internal" or "private" or "protected")
            {
                kept.Add(word);
            }
        }
        return kept.Count > 0 ? string.Join(" ", kept) : "private";
    }

    /// <summary>The type suffix of <c>MappedView</c>'s atomics for a counter type.</summary>
    internal static string RuntimeSuffix(string primitive) => primitive switch
    {
        "int" => "Int32",
        "uint" => "UInt32",
        "ulong" => "UInt64",
        _ => "Int64",
    };
}
