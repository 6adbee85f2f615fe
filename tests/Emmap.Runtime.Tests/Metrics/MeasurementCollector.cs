using System.Diagnostics.Metrics;

namespace Emmap.Runtime.Tests.Metrics;

/// <summary>
/// A <see cref="MeterListener"/> on one meter: <see cref="Collect"/> asks every observable instrument
/// for its values, as dotnet-counters or an exporter does, and returns them by instrument name.
/// </summary>
internal sealed class MeasurementCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, (Instrument Instrument, double Value)> _seen = [];

    public MeasurementCollector(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _seen[instrument.Name] = (instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _seen[instrument.Name] = (instrument, value));
        _listener.Start();
    }

    /// <summary>Every value the instruments report now, by instrument name.</summary>
    public IReadOnlyDictionary<string, (Instrument Instrument, double Value)> Collect()
    {
        _seen.Clear();
        _listener.RecordObservableInstruments();
        return new Dictionary<string, (Instrument, double)>(_seen);
    }

    public void Dispose() => _listener.Dispose();
}
