namespace Emmap.Tool.Reading;

/// <summary>
/// A ring's rates between two looks, for <c>watch</c>: bytes per second claimed by producers (the
/// tail's advance) and released by the consumer (the head's advance), exact; and the same as messages
/// per second, estimated from the bytes one record takes (a typed ring's record stride, or the mean
/// record of the pending messages seen so far for a ring of byte messages; padding counts as messages' bytes).
/// For a broadcast ring, "read" is the head's advance (what was released), and each reader has its own
/// read rate: its position's advance, for a reader registered under the same name in the same slot at both looks.
/// </summary>
internal sealed class RingRates
{
    private long _seenMessages;
    private long _seenRecordBytes;
    private double _stride;
    private double[] _readerBytesPerSecond = [];

    /// <summary>Whether the rates hold values (there have been two looks).</summary>
    public bool Known { get; private set; }

    public double WrittenBytesPerSecond { get; private set; }

    public double ReadBytesPerSecond { get; private set; }

    /// <summary>Null while the bytes a record takes are not known (a byte ring with no message seen yet).</summary>
    public double? WrittenMessagesPerSecond { get; private set; }

    /// <summary>Null while the bytes a record takes are not known.</summary>
    public double? ReadMessagesPerSecond { get; private set; }

    /// <summary>The bytes per second the reader in <paramref name="slot"/> read between the two looks; null when unknown (one look, or the slot was registered anew).</summary>
    public double? ReaderBytesPerSecond(int slot) =>
        Known && slot < _readerBytesPerSecond.Length && !double.IsNaN(_readerBytesPerSecond[slot]) ? _readerBytesPerSecond[slot] : null;

    /// <summary><paramref name="bytesPerSecond"/> as messages per second, from the bytes a record takes; null while that is not known.</summary>
    public double? ToMessages(double bytesPerSecond) => _stride > 0 ? bytesPerSecond / _stride : null;

    /// <summary>Takes in a look; with <paramref name="previous"/> (null on the first) the rates over the time between them.</summary>
    public void Update(FileSnapshot? previous, FileSnapshot current)
    {
        if (current.Ring is not { } now || current.RingFile is not { } file)
        {
            return;
        }
        _seenMessages += now.PendingMessages;
        _seenRecordBytes += now.PendingRecordBytes;
        if (previous?.Ring is not { } before)
        {
            return;
        }
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(previous.Timestamp, current.Timestamp).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }
        WrittenBytesPerSecond = (now.Tail - before.Tail) / seconds;
        ReadBytesPerSecond = (now.Head - before.Head) / seconds;
        double stride = file.RecordStride > 0 ? file.RecordStride : _seenMessages > 0 ? (double)_seenRecordBytes / _seenMessages : 0;
        _stride = stride;
        WrittenMessagesPerSecond = ToMessages(WrittenBytesPerSecond);
        ReadMessagesPerSecond = ToMessages(ReadBytesPerSecond);
        UpdateReaders(before, now, seconds);
        Known = true;
    }

    private void UpdateReaders(RingInspection before, RingInspection now, double seconds)
    {
        if (_readerBytesPerSecond.Length < now.MaxReaders)
        {
            _readerBytesPerSecond = new double[now.MaxReaders];
        }
        Array.Fill(_readerBytesPerSecond, double.NaN);
        foreach (RingReaderState reader in now.Readers)
        {
            foreach (RingReaderState earlier in before.Readers)
            {
                if (earlier.Slot == reader.Slot && earlier.Name == reader.Name)
                {
                    _readerBytesPerSecond[reader.Slot] = (reader.Position - earlier.Position) / seconds;
                }
            }
        }
    }
}
