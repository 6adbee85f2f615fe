using System.Diagnostics.Metrics;
using System.Globalization;

namespace Emmap;

/// <summary>
/// Publishes a counters file, or a layout file's atomic counters and numeric fields, as observable
/// instruments on a <see cref="Meter"/>, so <c>dotnet-counters</c> and any OpenTelemetry exporter show
/// the shared state another process writes. Counters become <see cref="ObservableCounter{T}"/>,
/// fields <see cref="ObservableGauge{T}"/>; each is read when the listener collects, never before.
/// </summary>
/// <remarks>
/// <para><b>Names.</b> A layout member's instrument is named by its path in the layout: <c>Requests</c>,
/// a nested layout's member <c>Worker.Errors</c>, an array element <c>Latency.3</c> (of a counter
/// array too: <c>PerWorker.2</c>), an element of a
/// <see cref="LayoutArray{T}"/> <c>Slots.2.Count</c>. A counters file's counter i is
/// <c>counter.i</c>. Pass a naming function to choose other names, or to leave members out.</para>
/// <para><b>Values.</b> Integer and <see cref="bool"/> fields (1 or 0) and enums (their numeric value)
/// are reported as <see cref="long"/>, <see cref="float"/> and <see cref="double"/> fields as
/// <see cref="double"/>; a <see cref="ulong"/> above <see cref="long.MaxValue"/> wraps to a negative
/// value. <see cref="char"/> fields are not published.</para>
/// <para><b>Lifetime.</b> The instruments live as long as the meter (dispose the meter to remove
/// them). Once the file is disposed they report nothing, and never throw.</para>
/// </remarks>
public static class MappedMetrics
{
    /// <summary>Publishes every counter of <paramref name="counters"/> as an <see cref="ObservableCounter{T}"/> on <paramref name="meter"/>.</summary>
    /// <param name="meter">The meter to create the instruments on.</param>
    /// <param name="counters">The counters; a read-only open (<see cref="MapAccess.Read"/>) is enough.</param>
    /// <param name="name">
    /// The instrument name of counter i, or <see langword="null"/> to leave that counter out; by
    /// default <c>counter.i</c>.
    /// </param>
    /// <returns>The instruments created, in counter order.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="counters"/> has been disposed.</exception>
    public static IReadOnlyList<Instrument> PublishCounters(Meter meter, MappedCounters counters, Func<int, string?>? name = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(counters);
        int count = counters.Count;
        string path = counters.Path;
        var instruments = new List<Instrument>();
        for (int i = 0; i < count; i++)
        {
            string? instrumentName = name is null ? "counter." + i.ToString(CultureInfo.InvariantCulture) : name(i);
            if (instrumentName is null)
            {
                continue;
            }
            int index = i;
            instruments.Add(meter.CreateObservableCounter(instrumentName, () => ReadCounter(counters, index), description: $"Counter {index} of {path}"));
        }
        return instruments;
    }

    /// <summary>
    /// Publishes the atomic counters (as <see cref="ObservableCounter{T}"/>) and numeric fields (as
    /// <see cref="ObservableGauge{T}"/>) of <paramref name="file"/>'s layout, nested layouts and
    /// arrays included, on <paramref name="meter"/>.
    /// </summary>
    /// <typeparam name="T">The layout; its <see cref="IMappedLayout{TSelf}.Members"/> lists what is published.</typeparam>
    /// <param name="meter">The meter to create the instruments on.</param>
    /// <param name="file">The layout file; a read-only open is enough.</param>
    /// <param name="name">
    /// Maps a member's path (<c>Requests</c>, <c>Worker.Errors</c>, <c>Latency.3</c>) to its instrument
    /// name, or to <see langword="null"/> to leave it out; by default the path itself.
    /// </param>
    /// <returns>The instruments created, in offset order.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="file"/> has been disposed.</exception>
    public static IReadOnlyList<Instrument> PublishLayout<T>(Meter meter, LayoutFile<T> file, Func<string, string?>? name = null)
        where T : struct, IMappedLayout<T>
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(file);
        var source = new LayoutSource(file.Layout.View, () => file.IsDisposed);
        var instruments = new List<Instrument>();
        AddMembers(meter, source, T.Members, 0, string.Empty, name, instruments);
        return instruments;
    }

    private static void AddMembers(Meter meter, LayoutSource source, IReadOnlyList<LayoutMemberInfo> members, int baseOffset, string prefix,
        Func<string, string?>? name, List<Instrument> instruments)
    {
        foreach (LayoutMemberInfo member in members)
        {
            string path = prefix + member.Name;
            int offset = baseOffset + member.Offset;
            switch (member.Kind)
            {
                case LayoutMemberKind.Nested:
                    AddMembers(meter, source, member.Members, offset, path + ".", name, instruments);
                    break;
                case LayoutMemberKind.LayoutArray:
                    for (int i = 0; i < member.Length; i++)
                    {
                        AddMembers(meter, source, member.Members, offset + (i * member.Stride), Element(path, i) + ".", name, instruments);
                    }
                    break;
                case LayoutMemberKind.Array or LayoutMemberKind.AtomicCounterArray:
                    for (int i = 0; i < member.Length; i++)
                    {
                        Add(meter, source, Element(path, i), member.Type, offset + (i * member.Stride),
                            counter: member.Kind == LayoutMemberKind.AtomicCounterArray, name, instruments);
                    }
                    break;
                case LayoutMemberKind.SequenceLock:
                    break; // the lock's words are no measurement
                default:
                    Add(meter, source, path, member.Type, offset, member.Kind == LayoutMemberKind.AtomicCounter, name, instruments);
                    break;
            }
        }
    }

    private static string Element(string path, int index) => path + "." + index.ToString(CultureInfo.InvariantCulture);

    private static void Add(Meter meter, LayoutSource source, string path, Type type, int offset, bool counter, Func<string, string?>? name,
        List<Instrument> instruments)
    {
        Type stored = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
        Func<int, long>? readLong = FieldReader.Integer(source.View, stored);
        Func<int, double>? readDouble = readLong is null ? FieldReader.Floating(source.View, stored) : null;
        if (readDouble is null && readLong is null)
        {
            return; // char, or a type no instrument can carry
        }
        string? instrumentName = name is null ? path : name(path);
        if (instrumentName is null)
        {
            return;
        }
        if (readLong is not null)
        {
            Func<IEnumerable<Measurement<long>>> observe = () => source.Observe(readLong, offset);
            instruments.Add(counter
                ? meter.CreateObservableCounter(instrumentName, observe, description: path)
                : meter.CreateObservableGauge(instrumentName, observe, description: path));
        }
        else
        {
            instruments.Add(meter.CreateObservableGauge(instrumentName, () => source.Observe(readDouble!, offset), description: path));
        }
    }

    private static IEnumerable<Measurement<long>> ReadCounter(MappedCounters counters, int index)
    {
        if (counters.IsDisposed)
        {
            return [];
        }
        try
        {
            return [new Measurement<long>(counters.ReadVolatile(index))];
        }
        catch (ObjectDisposedException)
        {
            return []; // disposed while this read ran
        }
    }

    /// <summary>A layout's view and how to tell that its file was disposed.</summary>
    private sealed class LayoutSource(MappedView view, Func<bool> disposed)
    {
        public MappedView View { get; } = view;

        public IEnumerable<Measurement<TValue>> Observe<TValue>(Func<int, TValue> read, int offset) where TValue : struct
        {
            if (disposed())
            {
                return [];
            }
            try
            {
                return [new Measurement<TValue>(read(offset))];
            }
            catch (ObjectDisposedException)
            {
                return []; // disposed while this read ran
            }
        }
    }
}
