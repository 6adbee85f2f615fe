using System.Globalization;
using System.Text;
using Emmap.Tool.Reading;

namespace Emmap.Tool.Rendering;

/// <summary>
/// A snapshot as text for people (<c>docs/tool.md</c>, "Text output"): <c>key: value</c> lines about
/// the file, then the counters as a table (with per-second rates when watching), or a layout
/// file's data, or a ring's positions and contents (<see cref="RingText"/>), or an unknown file's
/// first bytes, in hex. Appends to a reused builder and allocates
/// nothing for counters, so a watch of many counters stays cheap.
/// </summary>
internal static class TextRenderer
{
    /// <summary>The most leading bytes of a file shown when it is not a (consistent) Emmap file.</summary>
    public const int HeaderDumpLength = 64;

    /// <summary>
    /// Appends <paramref name="snapshot"/>, each line ended by <paramref name="lineEnd"/>.
    /// <paramref name="rates"/> (per second) adds a rate column when not null; <paramref name="haveRates"/>
    /// says whether they hold values yet (the first refresh has none). At most
    /// <paramref name="maxCounterRows"/> counters are listed. <paramref name="ringRates"/> adds a ring's rates (when watching).
    /// </summary>
    public static void Append(StringBuilder text, FileSnapshot snapshot, double[]? rates, bool haveRates, int maxCounterRows, string lineEnd, RingRates? ringRates = null)
    {
        EmmapFileDescription d = snapshot.Description;
        Field(text, "file").Append(d.Path).Append(lineEnd);
        Field(text, "format").Append(d.FormatName);
        if (d.Kind != EmmapFileKind.Unknown)
        {
            text.Append(", version ").Append(d.FormatVersion);
        }
        text.Append(lineEnd);
        Field(text, "length").Append(d.Length).Append(" bytes").Append(lineEnd);
        if (d.Problem is not null)
        {
            Field(text, "problem").Append(d.Problem).Append(lineEnd);
        }
        if (d.Kind == EmmapFileKind.Counters && d.Problem is null)
        {
            AppendCounters(text, snapshot, rates, haveRates, maxCounterRows, lineEnd);
        }
        else if (d.Kind == EmmapFileKind.Layout && d.Problem is null)
        {
            AppendLayout(text, snapshot, lineEnd);
        }
        else if (d.Kind == EmmapFileKind.Ring && snapshot.Ring is not null)
        {
            RingText.Append(text, snapshot, ringRates, lineEnd);
        }
        else
        {
            ReadOnlySpan<byte> header = d.Prefix.Span[..Math.Min(HeaderDumpLength, d.Prefix.Length)];
            text.Append(lineEnd).Append("header (first ").Append(header.Length).Append(" bytes):").Append(lineEnd);
            HexDump.Append(text, header, 0, lineEnd);
        }
    }

    private static void AppendCounters(StringBuilder text, FileSnapshot snapshot, double[]? rates, bool haveRates, int maxRows, string lineEnd)
    {
        EmmapFileDescription d = snapshot.Description;
        Field(text, "counters").Append(d.CounterCount).Append(" (counter 0 at offset ").Append(d.FirstCounterOffset)
            .Append(", one every ").Append(d.CounterSpacing).Append(" bytes)").Append(lineEnd);
        text.Append(lineEnd);
        text.Append("  index                value");
        if (rates is not null)
        {
            text.Append("          rate/s");
        }
        text.Append(lineEnd);
        long[] values = snapshot.Counters;
        int rows = Math.Min(values.Length, Math.Max(0, maxRows));
        Span<char> digits = stackalloc char[32];
        for (int i = 0; i < rows; i++)
        {
            Right(text, digits, i, 7);
            Right(text, digits, values[i], 21);
            if (rates is not null)
            {
                if (haveRates)
                {
                    rates[i].TryFormat(digits, out int written, "F1", CultureInfo.InvariantCulture);
                    text.Append(' ', Math.Max(1, 16 - written)).Append(digits[..written]);
                }
                else
                {
                    text.Append(' ', 15).Append('-');
                }
            }
            text.Append(lineEnd);
        }
        if (rows < values.Length)
        {
            text.Append("  ... ").Append(values.Length - rows).Append(" more counters (a taller window shows more; --json shows all)").Append(lineEnd);
        }
    }

    private static void AppendLayout(StringBuilder text, FileSnapshot snapshot, string lineEnd)
    {
        EmmapFileDescription d = snapshot.Description;
        Field(text, "header size").Append(d.DataOffset).Append(" bytes").Append(lineEnd);
        Field(text, "layout hash").Append("0x").Append(d.LayoutHash.ToString("X16", CultureInfo.InvariantCulture)).Append(lineEnd);
        Field(text, "layout size").Append(d.LayoutSize).Append(" bytes").Append(lineEnd);
        if (d.Schema is null)
        {
            Field(text, "members").Append("not recorded in this file (its format version carries no schema); the data follows in hex").Append(lineEnd);
        }
        else
        {
            List<MemberValues.Row> rows = MemberValues.Of(d.Schema, snapshot.Data);
            Field(text, "members").Append(d.Schema.Members.Count).Append(" (from the file's schema; ").Append(rows.Count).Append(" values)").Append(lineEnd);
            text.Append(lineEnd);
            int width = Math.Max(6, rows.Count == 0 ? 0 : rows.Max(r => r.Path.Length));
            int typeWidth = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(r => r.Kind.Length + 1 + r.Type.Length));
            text.Append("  ").Append("member".PadRight(width)).Append("  ").Append("type".PadRight(typeWidth)).Append("  offset  value").Append(lineEnd);
            foreach (MemberValues.Row row in rows)
            {
                text.Append("  ").Append(row.Path.PadRight(width)).Append("  ").Append((row.Kind + " " + row.Type).PadRight(typeWidth))
                    .Append("  ").Append(row.Offset.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append("  ").Append(row.Value).Append(lineEnd);
            }
        }
        text.Append(lineEnd).Append("data (").Append(d.LayoutSize).Append(" bytes at offset ").Append(d.DataOffset);
        if (snapshot.Data.Length < d.LayoutSize)
        {
            text.Append(", the first ").Append(snapshot.Data.Length).Append(" shown");
        }
        text.Append("):").Append(lineEnd);
        HexDump.Append(text, snapshot.Data, d.DataOffset, lineEnd);
    }

    /// <summary>Appends <c>key:</c> padded to the value column.</summary>
    internal static StringBuilder Field(StringBuilder text, string key) =>
        text.Append(key).Append(':').Append(' ', Math.Max(1, 13 - key.Length));

    private static void Right(StringBuilder text, Span<char> digits, long value, int width)
    {
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        text.Append(' ', Math.Max(1, width - written)).Append(digits[..written]);
    }
}
