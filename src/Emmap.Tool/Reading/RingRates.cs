namespace Emmap.Tool.Reading;

/// <summary>
/// A ring's rates between two looks, for <c>watch</c>: bytes per second claimed by producers (the
/// tail's advance) and released by the consumer (the head's advance), exact; and the same as messages
/// per second, estimated from the bytes one record takes (a typed ring's record stride, or the mean
/// record of the pending messages seen so far for a ring of byte messages; padding counts as messages' bytes).
/// </summary>
internal sealed class RingRates
{
    private long _seenMessages;
    private long _seenRecordBytes;

    /// <summary>Whether the rates hold values (there have been two looks).</summary>
    public bool Known { get; private set; }

    public double WrittenBytesPerSecond { get; private set; }

    public double ReadBytesPerSecond { get; private set; }

    /// <summary>Null while the bytes a record takes are not known (a byte ring with no message seen yet).</summary>
    public double? WrittenMessagesPerSecond { get; private set; }

    /// <summary>Null while the bytes a record takes are not known.</summary>
    public double? ReadMessagesPerSecond { get; private set; }

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
        WrittenMessagesPerSecond = stride > 0 ? WrittenBytesPerSecond / stride : null;
        ReadMessagesPerSecond = stride > 0 ? ReadBytesPerSecond / stride : null;
        Known = true;
    }
}
