using System.Text;

namespace Emmap;

// A broadcast ring's readers, looked at (docs/tool.md, "Ring files"): the reader table read slot by
// slot as RingReaderTable.List reads it (a slot whose length byte changed while it was read is read
// again), each registered slot checked with the check MappedRing's open makes, each slot's lock
// tested (F_OFD_GETLK, as the consumer lock is), the release lock word decoded, and during the walk
// the messages at or after each reader's position counted.
public sealed unsafe partial class RingInspector
{
    /// <summary>Reads the registered slots into <paramref name="inspection"/>'s reader list: name, length byte and position; nothing else yet.</summary>
    private void ReadReaders(RingInspection inspection)
    {
        List<RingReaderState> list = inspection.ReaderList;
        list.Clear();
        for (int i = 0; i < MaxReaders; i++)
        {
            byte* slot = RingReaderTable.Slot(_table, i);
            for (int attempt = 0; ; attempt++)
            {
                int length = Volatile.Read(ref slot[RingReaderTable.NameLengthOffset]);
                if (length == 0)
                {
                    break;
                }
                var name = new ReadOnlySpan<byte>(slot + RingReaderTable.NameOffset, Math.Min(length, RingReaderTable.MaxNameLength));
                string text = NameOf(inspection, i, name);
                long position = Volatile.Read(ref *RingReaderTable.Cursor(slot));
                if (Volatile.Read(ref slot[RingReaderTable.NameLengthOffset]) != length && attempt < 8)
                {
                    continue; // registered or removed meanwhile: read it again
                }
                inspection.NameLengths[list.Count] = length;
                list.Add(new RingReaderState(i, text, position, 0, null, null, false));
                break;
            }
        }
    }

    /// <summary>The name in slot <paramref name="slot"/>: the string of the last look when its bytes are the same (no allocation), else decoded afresh.</summary>
    private static string NameOf(RingInspection inspection, int slot, ReadOnlySpan<byte> name)
    {
        byte[]? last = inspection.NameBytes[slot];
        if (last is not null && name.SequenceEqual(last))
        {
            return inspection.Names[slot];
        }
        byte[] bytes = name.ToArray();
        inspection.NameBytes[slot] = bytes;
        return inspection.Names[slot] = Encoding.UTF8.GetString(bytes); // invalid bytes are reported by CheckSlot, not here
    }

    /// <summary>
    /// Checks each reader read (between <paramref name="head"/> and <paramref name="tail"/>) as the
    /// ring's open does, and completes it: how far behind the tail, whether attached, whether it
    /// gates the producers; also the release lock. False (and the walk stopped, naming the slot and
    /// the field) when the table is not a valid ring's.
    /// </summary>
    private bool CheckReaders(RingInspection inspection, long head, long tail)
    {
        long word = Volatile.Read(ref *(long*)(_base + RingHeader.ReleaseLockOffset));
        int owner = (int)(uint)word;
        inspection.ReleaseLockHolder = owner == 0 ? null : owner - 1;
        inspection.ReleaseLockGeneration = (uint)((ulong)word >> 32);
        List<RingReaderState> list = inspection.ReaderList;
        long min = long.MaxValue;
        foreach (RingReaderState reader in list)
        {
            min = Math.Min(min, reader.Position);
        }
        for (int k = 0; k < list.Count; k++)
        {
            RingReaderState r = list[k];
            list[k] = new RingReaderState(r.Slot, r.Name, r.Position, tail - r.Position, null, LockHeld(MappedRing.ReaderLockStart + r.Slot), r.Position == min);
            inspection.ReaderMessagesBefore[k] = -1;
            // In position order, for the walk (insertion sort: at most 64 readers, no allocation).
            int j = k;
            for (; j > 0 && list[inspection.ReaderOrder[j - 1]].Position > r.Position; j--)
            {
                inspection.ReaderOrder[j] = inspection.ReaderOrder[j - 1];
            }
            inspection.ReaderOrder[j] = k;
        }
        for (int k = 0; k < list.Count; k++)
        {
            RingReaderState r = list[k];
            int length = inspection.NameLengths[k];
            byte[] name = inspection.NameBytes[r.Slot];
            MappedFormatException? problem = RingReaderTable.CheckSlot(Path, r.Slot, length, name.AsSpan(0, Math.Min(length, name.Length)), r.Position, head, tail);
            if (problem is not null)
            {
                inspection.Stop(RingWalkEnd.Inconsistent, head, problem.Message);
                return false;
            }
        }
        return true;
    }

    /// <summary>The walk is at <paramref name="position"/>: the readers (in position order, from <paramref name="passed"/>) at or before it have the messages counted so far before them.</summary>
    private static int PassReaders(RingInspection inspection, int passed, long position)
    {
        List<RingReaderState> list = inspection.ReaderList;
        while (passed < list.Count && list[inspection.ReaderOrder[passed]].Position <= position)
        {
            inspection.ReaderMessagesBefore[inspection.ReaderOrder[passed]] = inspection.PendingMessages;
            passed++;
        }
        return passed;
    }

    /// <summary>After the walk: each reader's pending messages, counted from its position to where the walk ended; unknown when the walk stopped at or before it.</summary>
    private static void FinishReaders(RingInspection inspection)
    {
        List<RingReaderState> list = inspection.ReaderList;
        for (int k = 0; k < list.Count; k++)
        {
            long before = inspection.ReaderMessagesBefore[k];
            bool reached = before >= 0 && (inspection.WalkEnd == RingWalkEnd.Tail || list[k].Position < inspection.WalkedTo);
            list[k] = list[k].WithPending(reached ? inspection.PendingMessages - before : null);
        }
    }
}
