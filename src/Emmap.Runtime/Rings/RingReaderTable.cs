using System.Globalization;
using System.Text;

namespace Emmap;

/// <summary>
/// The reader table of a broadcast ring (format version 2): after the 256-byte header, one 64-byte
/// slot per reader (a cache line each, so readers persisting their positions do not slow each other
/// down). A slot holds the reader's name (a length byte, 0 for a free slot, then up to 47 UTF-8
/// bytes) and its persisted position. Registration writes the position, then the name, then the
/// length byte; removal clears the length byte first: a crash in either leaves a whole registration
/// or a free slot. See <c>docs/file-formats.md</c>, "Ring files".
/// </summary>
internal static unsafe class RingReaderTable
{
    /// <summary>The bytes of one slot.</summary>
    internal const int SlotLength = 64;

    /// <summary>The slot's first byte: the name's length in bytes, 0 when the slot is free.</summary>
    internal const int NameLengthOffset = 0;

    /// <summary>Where the name's UTF-8 bytes start.</summary>
    internal const int NameOffset = 1;

    /// <summary>The longest name, in UTF-8 bytes.</summary>
    internal const int MaxNameLength = 47;

    /// <summary>The reader's persisted position, i64: the first message it has not read.</summary>
    internal const int CursorOffset = 48;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The slot <paramref name="index"/> of the table at <paramref name="table"/>.</summary>
    internal static byte* Slot(byte* table, int index) => table + (index * SlotLength);

    /// <summary>The persisted position of a slot.</summary>
    internal static long* Cursor(byte* slot) => (long*)(slot + CursorOffset);

    /// <summary>A reader name's UTF-8 bytes; throws naming the value and the limit when it cannot be one.</summary>
    internal static byte[] EncodeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException($"The reader name is empty: a reader name takes 1 to {MaxNameLength} bytes of UTF-8.", nameof(name));
        }
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(name);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"The reader name '{name}' is not valid Unicode (a lone surrogate): a reader name is stored as 1 to {MaxNameLength} bytes of UTF-8.", nameof(name), e);
        }
        if (bytes.Length > MaxNameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(name), name,
                $"The reader name '{name}' is {bytes.Length} bytes of UTF-8: a reader name takes 1 to {MaxNameLength}.");
        }
        return bytes;
    }

    /// <summary>The slot registered under <paramref name="name"/> (compared byte for byte: ordinal), or -1.</summary>
    internal static int Find(byte* table, int readers, ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < readers; i++)
        {
            byte* slot = Slot(table, i);
            if (Volatile.Read(ref slot[NameLengthOffset]) == name.Length && new ReadOnlySpan<byte>(slot + NameOffset, name.Length).SequenceEqual(name))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The first free slot, or -1.</summary>
    internal static int FindFree(byte* table, int readers)
    {
        for (int i = 0; i < readers; i++)
        {
            if (Volatile.Read(ref Slot(table, i)[NameLengthOffset]) == 0)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Registers <paramref name="name"/> in a free slot at <paramref name="cursor"/>: position, name, then the length byte that makes it count.</summary>
    internal static void Register(byte* slot, ReadOnlySpan<byte> name, long cursor)
    {
        Volatile.Write(ref *Cursor(slot), cursor);
        new Span<byte>(slot + NameOffset, MaxNameLength).Clear();
        name.CopyTo(new Span<byte>(slot + NameOffset, name.Length));
        Volatile.Write(ref slot[NameLengthOffset], (byte)name.Length);
    }

    /// <summary>Frees a slot: the length byte first (the slot stops counting at once), then the rest.</summary>
    internal static void Remove(byte* slot)
    {
        Volatile.Write(ref slot[NameLengthOffset], 0);
        new Span<byte>(slot + NameOffset, SlotLength - NameOffset).Clear();
    }

    /// <summary>
    /// The smallest persisted position of the registered readers, or <paramref name="none"/> when no
    /// slot is registered. Reads only (a look without the release lock may be out of date by the time it returns).
    /// </summary>
    internal static long MinCursor(byte* table, int readers, long none)
    {
        long min = long.MaxValue;
        for (int i = 0; i < readers; i++)
        {
            byte* slot = Slot(table, i);
            if (Volatile.Read(ref slot[NameLengthOffset]) != 0)
            {
                min = Math.Min(min, Volatile.Read(ref *Cursor(slot)));
            }
        }
        return min == long.MaxValue ? none : min;
    }

    /// <summary>The registered readers, as a snapshot: a slot changed while it is read is read again.</summary>
    internal static List<(string Name, long Position)> List(byte* table, int readers)
    {
        var list = new List<(string, long)>();
        for (int i = 0; i < readers; i++)
        {
            byte* slot = Slot(table, i);
            while (true)
            {
                int length = Volatile.Read(ref slot[NameLengthOffset]);
                if (length == 0 || length > MaxNameLength)
                {
                    break;
                }
                string name = Encoding.UTF8.GetString(slot + NameOffset, length);
                long cursor = Volatile.Read(ref *Cursor(slot));
                if (Volatile.Read(ref slot[NameLengthOffset]) == length)
                {
                    list.Add((name, cursor));
                    break;
                }
            }
        }
        return list;
    }

    /// <summary>
    /// Checks every registered slot of a ring just opened: a name of 1 to <see cref="MaxNameLength"/>
    /// bytes of valid UTF-8, a position that is a multiple of 8 from the head to the tail. Reads
    /// only; throws <see cref="MappedFormatException"/> naming the slot and the field.
    /// </summary>
    internal static void Validate(string path, byte* table, int readers, long* headAt, long* tailAt)
    {
        for (int i = 0; i < readers; i++)
        {
            byte* slot = Slot(table, i);
            int length = Volatile.Read(ref slot[NameLengthOffset]);
            if (length == 0)
            {
                continue;
            }
            // Head, then the position, then the tail: each only grows, and a live reader's position
            // stays between them, so a valid ring passes however its readers and producers move.
            long head = Volatile.Read(ref *headAt);
            long cursor = Volatile.Read(ref *Cursor(slot));
            long tail = Volatile.Read(ref *tailAt);
            MappedFormatException? problem = CheckSlot(path, i, length, new ReadOnlySpan<byte>(slot + NameOffset, Math.Min(length, MaxNameLength)), cursor, head, tail);
            if (problem is not null)
            {
                throw problem;
            }
        }
    }

    /// <summary>
    /// Why a registered slot, read as its name length, name and position with a head read before
    /// and a tail read after, cannot be a valid reader's: the failure naming the slot, the field and
    /// the value; <see langword="null"/> when it can. Shared by the ring's open (<see cref="Validate"/>)
    /// and by a reader that only looks (the inspector), so both say the same thing.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="index">The slot.</param>
    /// <param name="nameLength">Its name length byte (not 0: the slot is registered).</param>
    /// <param name="name">Its name bytes: the first <paramref name="nameLength"/> (or <see cref="MaxNameLength"/>) bytes after the length byte.</param>
    /// <param name="cursor">Its persisted position.</param>
    /// <param name="head">The head, read before the position.</param>
    /// <param name="tail">The tail, read after the position.</param>
    internal static MappedFormatException? CheckSlot(string path, int index, int nameLength, ReadOnlySpan<byte> name, long cursor, long head, long tail)
    {
        const string Corrupt = "The ring's reader table is corrupt; it was left as it is.";
        string which = string.Create(CultureInfo.InvariantCulture, $"reader slot {index}'s");
        if (nameLength > MaxNameLength)
        {
            return new MappedFormatException(path, $"{which} name length", nameLength.ToString(CultureInfo.InvariantCulture), $"0 (free) to {MaxNameLength} bytes", Corrupt);
        }
        if (!System.Text.Unicode.Utf8.IsValid(name))
        {
            return new MappedFormatException(path, $"{which} name", Convert.ToHexString(name), "valid UTF-8", Corrupt);
        }
        if ((cursor & (RingHeader.RecordAlignment - 1)) != 0 || cursor < head || cursor > tail)
        {
            return new MappedFormatException(path, $"{which} position", cursor.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"a multiple of 8 from the head ({head}) to the tail ({tail})"), Corrupt);
        }
        return null;
    }
}
