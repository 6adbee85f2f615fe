namespace Emmap.Runtime.Tests.Reliability;

/// <summary>Every public read and write member of <see cref="MappedFile"/> at one position, by name, for the matrix tests.</summary>
internal static class MappedFileMembers
{
    /// <summary>The members that read <paramref name="size"/>-byte values (or <paramref name="size"/> bytes) at <paramref name="position"/>.</summary>
    internal static (string Name, Action Call)[] Reads(MappedFile file, long position, int size) => size == 4
        ? [
            ("ReadAt(span)", () => file.ReadAt(position, new byte[4])),
            ("ReadAt(count)", () => file.ReadAt(position, 4)),
            ("ReadVolatileInt32", () => file.ReadVolatileInt32(position)),
            ("ReadVolatileUInt32", () => file.ReadVolatileUInt32(position)),
            ("WaitForChangeInt32", () => file.WaitForChangeInt32(position, 0, TimeSpan.Zero)),
            ("WaitForChangeInt32Async", () => file.WaitForChangeInt32Async(position, 0, TimeSpan.Zero)),
        ]
        : [
            ("ReadAt(span)", () => file.ReadAt(position, new byte[8])),
            ("ReadAt(count)", () => file.ReadAt(position, 8)),
            ("ReadVolatileInt64", () => file.ReadVolatileInt64(position)),
            ("ReadVolatileUInt64", () => file.ReadVolatileUInt64(position)),
            ("WaitForChangeInt64", () => file.WaitForChangeInt64(position, 0, TimeSpan.Zero)),
            ("WaitForChangeInt64Async", () => file.WaitForChangeInt64Async(position, 0, TimeSpan.Zero)),
        ];

    /// <summary>The atomics and volatile writes on <paramref name="size"/>-byte values at <paramref name="position"/>.</summary>
    internal static (string Name, Action Call)[] Atomics(MappedFile file, long position, int size) => size == 4
        ? [
            ("WriteVolatileInt32", () => file.WriteVolatileInt32(position, 1)),
            ("WriteVolatileUInt32", () => file.WriteVolatileUInt32(position, 1)),
            ("GetAndAddInt32", () => file.GetAndAddInt32(position, 1)),
            ("GetAndAddUInt32", () => file.GetAndAddUInt32(position, 1)),
            ("GetAndSubtractInt32", () => file.GetAndSubtractInt32(position, 1)),
            ("GetAndSubtractUInt32", () => file.GetAndSubtractUInt32(position, 1)),
            ("GetAndAndInt32", () => file.GetAndAndInt32(position, 1)),
            ("GetAndAndUInt32", () => file.GetAndAndUInt32(position, 1)),
            ("GetAndOrInt32", () => file.GetAndOrInt32(position, 1)),
            ("GetAndOrUInt32", () => file.GetAndOrUInt32(position, 1)),
            ("GetAndXorInt32", () => file.GetAndXorInt32(position, 1)),
            ("GetAndXorUInt32", () => file.GetAndXorUInt32(position, 1)),
            ("ExchangeInt32", () => file.ExchangeInt32(position, 1)),
            ("ExchangeUInt32", () => file.ExchangeUInt32(position, 1)),
            ("CompareExchangeInt32", () => file.CompareExchangeInt32(position, 1, 0)),
            ("CompareExchangeUInt32", () => file.CompareExchangeUInt32(position, 1, 0)),
        ]
        : [
            ("WriteVolatileInt64", () => file.WriteVolatileInt64(position, 1)),
            ("WriteVolatileUInt64", () => file.WriteVolatileUInt64(position, 1)),
            ("GetAndAddInt64", () => file.GetAndAddInt64(position, 1)),
            ("GetAndAddUInt64", () => file.GetAndAddUInt64(position, 1)),
            ("GetAndSubtractInt64", () => file.GetAndSubtractInt64(position, 1)),
            ("GetAndSubtractUInt64", () => file.GetAndSubtractUInt64(position, 1)),
            ("GetAndAndInt64", () => file.GetAndAndInt64(position, 1)),
            ("GetAndAndUInt64", () => file.GetAndAndUInt64(position, 1)),
            ("GetAndOrInt64", () => file.GetAndOrInt64(position, 1)),
            ("GetAndOrUInt64", () => file.GetAndOrUInt64(position, 1)),
            ("GetAndXorInt64", () => file.GetAndXorInt64(position, 1)),
            ("GetAndXorUInt64", () => file.GetAndXorUInt64(position, 1)),
            ("ExchangeInt64", () => file.ExchangeInt64(position, 1)),
            ("ExchangeUInt64", () => file.ExchangeUInt64(position, 1)),
            ("CompareExchangeInt64", () => file.CompareExchangeInt64(position, 1, 0)),
            ("CompareExchangeUInt64", () => file.CompareExchangeUInt64(position, 1, 0)),
        ];

    /// <summary>Every member that writes at <paramref name="position"/>: <see cref="MappedFile.WriteAt"/>, and the 4- and 8-byte atomics.</summary>
    internal static (string Name, Action Call)[] Writes(MappedFile file, long position) =>
        [("WriteAt", () => file.WriteAt(position, new byte[8])), .. Atomics(file, position, 4), .. Atomics(file, position, 8)];

    /// <summary>Runs every call and asserts each throws exactly <typeparamref name="TException"/>; returns the exceptions for further checks.</summary>
    internal static List<(string Name, TException Exception)> AssertEachThrows<TException>(IEnumerable<(string Name, Action Call)> calls) where TException : Exception
    {
        var thrown = new List<(string, TException)>();
        foreach ((string name, Action call) in calls)
        {
            Exception? ex = Record.Exception(call);
            Assert.True(ex?.GetType() == typeof(TException), $"{name} threw {ex?.GetType().Name ?? "nothing"}, expected {typeof(TException).Name}: {ex?.Message}");
            thrown.Add((name, (TException)ex!));
        }
        return thrown;
    }
}
