using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Emmap.Generators.Tests.Infrastructure;

/// <summary>
/// Walks everything an object holds: every instance field (public or not, compiler-generated
/// backing fields included) of it and of every object reached from it, and every element of the
/// arrays among them, so a value hidden in a private field of a wrapper such as
/// <c>EquatableArray&lt;T&gt;</c> is found too.
/// </summary>
internal static class ObjectGraph
{
    /// <summary>The type of every non-null object reachable from <paramref name="root"/> (the root's included), with the path that reached it.</summary>
    public static IEnumerable<(Type Type, string Path)> Walk(object? root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        if (root is not null)
        {
            pending.Push((root, root.GetType().Name));
        }
        while (pending.Count > 0)
        {
            (object value, string path) = pending.Pop();
            Type type = value.GetType();
            if (!type.IsValueType && !seen.Add(value))
            {
                continue;
            }
            yield return (type, path);
            if (type.IsPrimitive || type.IsEnum || value is string || value is Pointer)
            {
                continue;
            }
            if (value is Array array)
            {
                int index = 0;
                foreach (object? element in (IEnumerable)array)
                {
                    if (element is not null)
                    {
                        pending.Push((element, $"{path}[{index}]"));
                    }
                    index++;
                }
                continue;
            }
            for (Type? level = type; level is not null; level = level.BaseType)
            {
                foreach (FieldInfo field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        yield return (field.FieldType, path + "." + field.Name);
                        continue;
                    }
                    if (field.GetValue(value) is { } child)
                    {
                        pending.Push((child, path + "." + field.Name));
                    }
                }
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> belongs to Roslyn (any type in a <c>Microsoft.CodeAnalysis</c> namespace or assembly, or built on one).</summary>
    public static bool IsRoslyn(Type type) =>
        (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false)
        || (type.Assembly.GetName().Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false)
        || (type.IsGenericType && type.GetGenericArguments().Any(IsRoslyn))
        || (type.HasElementType && IsRoslyn(type.GetElementType()!));
}
