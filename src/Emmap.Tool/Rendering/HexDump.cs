using System.Text;

namespace Emmap.Tool.Rendering;

/// <summary>
/// Bytes as <c>hexdump -C</c> shows them: offset, sixteen bytes in hex in two groups, the printable
/// ones as ASCII; a run of lines identical to the one before is shown once, as <c>*</c>.
/// </summary>
internal static class HexDump
{
    private const string Digits = "0123456789abcdef";

    /// <summary>Appends the lines for <paramref name="bytes"/>, which start at file offset <paramref name="offset"/>.</summary>
    public static void Append(StringBuilder text, ReadOnlySpan<byte> bytes, long offset, string lineEnd)
    {
        bool skipping = false;
        for (int start = 0; start < bytes.Length; start += 16)
        {
            ReadOnlySpan<byte> line = bytes.Slice(start, Math.Min(16, bytes.Length - start));
            if (start > 0 && line.Length == 16 && line.SequenceEqual(bytes.Slice(start - 16, 16)))
            {
                if (!skipping)
                {
                    text.Append('*').Append(lineEnd);
                    skipping = true;
                }
                continue;
            }
            skipping = false;
            AppendHex(text, offset + start, 8);
            text.Append(' ');
            for (int i = 0; i < 16; i++)
            {
                text.Append(i == 8 ? "  " : " ");
                if (i < line.Length)
                {
                    text.Append(Digits[line[i] >> 4]).Append(Digits[line[i] & 0xF]);
                }
                else
                {
                    text.Append("  ");
                }
            }
            text.Append("  |");
            foreach (byte b in line)
            {
                text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }
            text.Append('|').Append(lineEnd);
        }
        if (skipping || bytes.Length % 16 != 0 || bytes.Length == 0)
        {
            AppendHex(text, offset + bytes.Length, 8);
            text.Append(lineEnd);
        }
    }

    private static void AppendHex(StringBuilder text, long value, int width)
    {
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4)
        {
            text.Append(Digits[(int)((value >> shift) & 0xF)]);
        }
    }
}
