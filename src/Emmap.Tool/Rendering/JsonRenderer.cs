using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Emmap.Tool.Reading;

namespace Emmap.Tool.Rendering;

/// <summary>
/// A snapshot as one line of JSON for scripts, with the stable field names documented in
/// <c>docs/tool.md</c> ("JSON output"). Writes into a reused buffer.
/// </summary>
internal sealed class JsonRenderer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonRenderer() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>
    /// Renders <paramref name="snapshot"/> and returns the bytes, a newline included, valid until the
    /// next call. <paramref name="rates"/> adds <c>counters.rates</c> (null while <paramref name="haveRates"/> is false).
    /// </summary>
    /// <remarks><paramref name="ringRates"/> adds <c>ring.rates</c> (when watching a ring).</remarks>
    public ReadOnlySpan<byte> Render(FileSnapshot snapshot, double[]? rates, bool haveRates, RingRates? ringRates = null)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        EmmapFileDescription d = snapshot.Description;
        Utf8JsonWriter w = _writer;
        w.WriteStartObject();
        w.WriteString("path", d.Path);
        w.WriteNumber("length", d.Length);
        w.WriteString("kind", d.Kind switch { EmmapFileKind.Counters => "counters", EmmapFileKind.Layout => "layout", EmmapFileKind.Ring => "ring", _ => "unknown" });
        w.WriteString("format", d.FormatName);
        if (d.Kind == EmmapFileKind.Unknown)
        {
            w.WriteNull("version");
        }
        else
        {
            w.WriteNumber("version", d.FormatVersion);
        }
        if (d.Problem is null)
        {
            w.WriteNull("problem");
        }
        else
        {
            w.WriteString("problem", d.Problem);
        }
        w.WriteString("time", snapshot.TakenAt);
        w.WriteString("header", Convert.ToHexStringLower(d.Prefix.Span[..Math.Min(TextRenderer.HeaderDumpLength, d.Prefix.Length)]));
        if (d.Kind == EmmapFileKind.Counters && d.Problem is null)
        {
            w.WriteStartObject("counters");
            w.WriteNumber("count", d.CounterCount);
            w.WriteNumber("firstOffset", d.FirstCounterOffset);
            w.WriteNumber("spacing", d.CounterSpacing);
            w.WriteStartArray("values");
            foreach (long value in snapshot.Counters)
            {
                w.WriteNumberValue(value);
            }
            w.WriteEndArray();
            if (rates is not null)
            {
                if (haveRates)
                {
                    w.WriteStartArray("rates");
                    foreach (double rate in rates)
                    {
                        w.WriteNumberValue(Math.Round(rate, 3));
                    }
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("rates");
                }
            }
            w.WriteEndObject();
        }
        else if (d.Kind == EmmapFileKind.Layout && d.Problem is null)
        {
            w.WriteStartObject("layout");
            w.WriteNumber("headerSize", d.DataOffset);
            w.WriteString("hash", "0x" + d.LayoutHash.ToString("X16", CultureInfo.InvariantCulture));
            w.WriteNumber("size", d.LayoutSize);
            if (d.Schema is null)
            {
                w.WriteNull("members"); // a version-1 file records no members
            }
            else
            {
                w.WriteStartArray("members");
                foreach (MemberValues.Row row in MemberValues.Of(d.Schema, snapshot.Data))
                {
                    w.WriteStartObject();
                    w.WriteString("name", row.Path);
                    w.WriteString("kind", row.Kind);
                    w.WriteString("type", row.Type);
                    w.WriteNumber("offset", row.Offset);
                    w.WriteNumber("size", row.Size);
                    w.WriteString("value", row.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("dataOffset", d.DataOffset);
            w.WriteString("data", Convert.ToHexStringLower(snapshot.Data));
            w.WriteBoolean("dataTruncated", snapshot.Data.Length < d.LayoutSize);
            w.WriteEndObject();
        }
        else if (d.Kind == EmmapFileKind.Ring && snapshot.Ring is not null)
        {
            RingJson.Write(w, snapshot, ringRates);
        }
        w.WriteEndObject();
        w.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }
}
