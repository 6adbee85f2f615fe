namespace Emmap;

/// <summary>Reads a layout field of a primitive type, known only at run time, as a number an instrument can carry.</summary>
internal static class FieldReader
{
    /// <summary>A reader of an integer or <see cref="bool"/> field at a given offset of <paramref name="view"/>, or <see langword="null"/> for other types.</summary>
    internal static Func<int, long>? Integer(MappedView view, Type stored) =>
        stored == typeof(long) ? offset => view.Read<long>(offset)
        : stored == typeof(ulong) ? offset => unchecked((long)view.Read<ulong>(offset))
        : stored == typeof(int) ? offset => view.Read<int>(offset)
        : stored == typeof(uint) ? offset => view.Read<uint>(offset)
        : stored == typeof(short) ? offset => view.Read<short>(offset)
        : stored == typeof(ushort) ? offset => view.Read<ushort>(offset)
        : stored == typeof(sbyte) ? offset => view.Read<sbyte>(offset)
        : stored == typeof(byte) ? offset => view.Read<byte>(offset)
        : stored == typeof(bool) ? offset => view.ReadBoolean(offset) ? 1 : 0
        : null;

    /// <summary>A reader of a <see cref="float"/> or <see cref="double"/> field at a given offset of <paramref name="view"/>, or <see langword="null"/> for other types.</summary>
    internal static Func<int, double>? Floating(MappedView view, Type stored) =>
        stored == typeof(double) ? offset => view.Read<double>(offset)
        : stored == typeof(float) ? offset => view.Read<float>(offset)
        : null;
}
