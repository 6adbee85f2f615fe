using System.Buffers.Binary;
using System.Text;

namespace Emmap;

/// <summary>
/// Writes and checks the header of a counters file. Both formats start with an 8-byte magic and the
/// counter count as a little-endian u64 at offset 8; the padded format adds its slot size as a
/// little-endian u64 at offset 16. Checking never writes.
/// </summary>
internal static class CountersHeader
{
    /// <summary>How many leading bytes <see cref="Validate"/> needs: magic, count and slot size.</summary>
    internal const int ValidatedLength = 24;

    /// <summary>The magic of <see cref="CountersFormat.Emmap"/> files, emmap's own.</summary>
    internal static ReadOnlySpan<byte> EmmapMagic => "EMMAP01\n"u8;

    /// <summary>
    /// The magic of <see cref="CountersFormat.Padded"/> files. Erlang emmap takes any header
    /// matching <c>EMMAP??\n</c> for its own format, so this magic must not end in a newline: an
    /// Erlang node must reject a padded file, not read its slot size as counter 0.
    /// </summary>
    internal static ReadOnlySpan<byte> PaddedMagic => "EMMAPPAD"u8;

    /// <summary>Writes the header of a new file (whose counters are already zero).</summary>
    internal static void Write(MappedFile file, CountersLayout layout)
    {
        Span<byte> header = stackalloc byte[ValidatedLength];
        header.Clear();
        (layout.Format == CountersFormat.Emmap ? EmmapMagic : PaddedMagic).CopyTo(header);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], (ulong)layout.Count);
        if (layout.Format == CountersFormat.Padded)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], CountersLayout.PaddedSlotSize);
        }
        file.WriteAt(0, header[..(layout.Format == CountersFormat.Emmap ? 16 : ValidatedLength)]);
    }

    /// <summary>
    /// Reads the layout an existing file declares and checks it against <paramref name="expected"/>
    /// (or, when that is <see langword="null"/>, only that it is a well-formed counters file).
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="header">Its first <see cref="ValidatedLength"/> bytes, fewer if it is shorter.</param>
    /// <param name="fileLength">Its length.</param>
    /// <param name="expected">The format and count the caller asked for, if any.</param>
    /// <returns>The file's layout.</returns>
    /// <exception cref="MappedFormatException">The file is not a counters file, or not the expected one.</exception>
    internal static CountersLayout Validate(string path, ReadOnlySpan<byte> header, long fileLength, CountersLayout? expected)
    {
        string expectedMagic = expected is { } e ? MagicText(e.Format) : $"{MagicText(CountersFormat.Emmap)} or {MagicText(CountersFormat.Padded)}";
        if (header.Length < 16)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"at least 16 bytes, a counters header starting with {expectedMagic}");
        }
        CountersFormat format = header[..8].SequenceEqual(EmmapMagic) ? CountersFormat.Emmap
            : header[..8].SequenceEqual(PaddedMagic) ? CountersFormat.Padded
            : throw new MappedFormatException(path, "the magic (first 8 bytes)", Quote(header[..8]), expectedMagic,
                "It is not a counters file; it was left as it is.");
        if (expected is { } wanted && format != wanted.Format)
        {
            throw new MappedFormatException(path, "the counters format", $"{format} ({MagicText(format)})", $"{wanted.Format} ({MagicText(wanted.Format)})",
                $"Open it with CountersFormat.{format}, or with MappedCounters.OpenExisting, which follows the file.");
        }
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        if (expected is { } asked && count != (ulong)asked.Count)
        {
            throw new MappedFormatException(path, "the counter count", count.ToString(), asked.Count.ToString(),
                $"Open it with count {count}, or delete it to start again; it was left as it is.");
        }
        if (count < 1 || count > MappedCounters.MaxCount)
        {
            throw new MappedFormatException(path, "the counter count", count.ToString(), $"1 to {MappedCounters.MaxCount}");
        }
        if (format == CountersFormat.Padded)
        {
            ulong slot = header.Length >= ValidatedLength ? BinaryPrimitives.ReadUInt64LittleEndian(header[16..]) : 0;
            if (slot != CountersLayout.PaddedSlotSize)
            {
                throw new MappedFormatException(path, "the slot size of the padded format", slot.ToString(), CountersLayout.PaddedSlotSize.ToString());
            }
        }
        var layout = new CountersLayout(format, (int)count);
        if (fileLength != layout.FileLength)
        {
            throw new MappedFormatException(path, "the file length", $"{fileLength} bytes", $"{layout.FileLength} bytes for {count} counters in the {format} format",
                "The file was truncated or extended by something else; it was left as it is.");
        }
        return layout;
    }

    private static string MagicText(CountersFormat format) => Quote(format == CountersFormat.Emmap ? EmmapMagic : PaddedMagic);

    /// <summary>Bytes as a quoted ASCII string, with <c>\n</c> and <c>\xNN</c> escapes for the rest.</summary>
    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            _ = b switch
            {
                (byte)'\n' => text.Append("\\n"),
                (byte)'"' or (byte)'\\' => text.Append('\\').Append((char)b),
                >= 0x20 and < 0x7F => text.Append((char)b),
                _ => text.Append("\\x").Append(b.ToString("X2")),
            };
        }
        return text.Append('"').ToString();
    }
}
