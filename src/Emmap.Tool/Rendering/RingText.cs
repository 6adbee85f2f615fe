using System.Globalization;
using System.Text;
using Emmap.Tool.Reading;

namespace Emmap.Tool.Rendering;

/// <summary>
/// A ring file as text (<c>docs/tool.md</c>, "Ring files"): its header fields, its positions, whether
/// a consumer is attached (a broadcast ring: its readers and its release lock), what lies between head and tail (messages, padding, claims not committed
/// with their producers), how far the walk got, the rates when watching, and the pending messages
/// asked for, in hex.
/// </summary>
internal static class RingText
{
    public static void Append(StringBuilder text, FileSnapshot snapshot, RingRates? rates, string lineEnd)
    {
        RingInspector file = snapshot.RingFile!;
        RingInspection ring = snapshot.Ring!;
        TextRenderer.Field(text, "capacity").Append(file.Capacity).Append(" bytes (messages of up to ").Append(file.MaxMessageLength).Append(" bytes)").Append(lineEnd);
        TextRenderer.Field(text, "records");
        if (file.HoldsBytes)
        {
            text.Append("bytes");
        }
        else
        {
            text.Append("layout hash 0x").Append(file.LayoutHash.ToString("X16", CultureInfo.InvariantCulture)).Append(", record size ").Append(file.RecordSize).Append(" bytes");
        }
        text.Append(lineEnd);
        if (file.IsBroadcast)
        {
            AppendReaders(text, file, ring, rates, lineEnd);
        }
        else
        {
            TextRenderer.Field(text, "consumer").Append(ring.HasConsumer switch
            {
                true => "attached",
                false => "not attached",
                null => "unknown (the consumer lock cannot be tested here)",
            }).Append(lineEnd);
        }
        TextRenderer.Field(text, "head").Append(ring.Head).Append(file.IsBroadcast ? " (the oldest message held: the slowest reader's position, once released)" : " (the consumer's persisted position)").Append(lineEnd);
        TextRenderer.Field(text, "releasing").Append(ring.Releasing).Append(ring.Releasing == ring.Head ? " (no release in progress)" : " (a release in progress, or cut short)").Append(lineEnd);
        TextRenderer.Field(text, "tail").Append(ring.Tail).Append(lineEnd);
        TextRenderer.Field(text, "in use").Append(ring.UsedBytes).Append(" bytes (")
            .Append(ring.FillPercent.ToString("F1", CultureInfo.InvariantCulture)).Append("%), ").Append(ring.FreeBytes).Append(" bytes free").Append(lineEnd);
        if (rates is not null)
        {
            AppendRate(text, "written", rates.Known, rates.WrittenMessagesPerSecond, rates.WrittenBytesPerSecond, lineEnd);
            AppendRate(text, "read", rates.Known, rates.ReadMessagesPerSecond, rates.ReadBytesPerSecond, lineEnd);
        }
        TextRenderer.Field(text, "pending").Append(ring.PendingMessages).Append(ring.PendingMessages == 1 ? " message (" : " messages (")
            .Append(ring.PendingMessageBytes).Append(" bytes)").Append(lineEnd);
        TextRenderer.Field(text, "padding").Append(ring.PaddingRecords).Append(ring.PaddingRecords == 1 ? " record (" : " records (")
            .Append(ring.PaddingBytes).Append(" bytes)").Append(lineEnd);
        TextRenderer.Field(text, "claims").Append(ring.ClaimCount).Append(" not committed").Append(lineEnd);
        foreach (RingPendingClaim claim in ring.Claims)
        {
            text.Append("  position ").Append(claim.Position).Append(": ").Append(claim.Length).Append(" bytes, ");
            if (claim.ProcessId == 0)
            {
                text.Append("its owner not stamped yet");
            }
            else
            {
                text.Append("claimed by pid ").Append(claim.ProcessId).Append(", ").Append(claim.IsAlive switch { true => "alive", false => "dead", null => "unknown" });
            }
            text.Append(lineEnd);
        }
        if (ring.ClaimCount > ring.Claims.Count)
        {
            text.Append("  ... ").Append(ring.ClaimCount - ring.Claims.Count).Append(" more claims").Append(lineEnd);
        }
        TextRenderer.Field(text, "walk").Append(ring.WalkStopReason is null ? "reached the tail" : "stopped: " + ring.WalkStopReason).Append(lineEnd);
        if (ring.MessagesToCopy > 0)
        {
            AppendMessages(text, ring, lineEnd);
        }
    }

    private static void AppendRate(StringBuilder text, string key, bool known, double? messages, double bytes, string lineEnd)
    {
        TextRenderer.Field(text, key);
        if (!known)
        {
            text.Append('-').Append(lineEnd);
            return;
        }
        AppendRate(text, messages, bytes).Append(lineEnd);
    }

    private static StringBuilder AppendRate(StringBuilder text, double? messages, double bytes) =>
        text.Append(messages is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) : "?").Append(" messages/s (")
            .Append(bytes.ToString("F1", CultureInfo.InvariantCulture)).Append(" bytes/s)");

    /// <summary>A broadcast ring's readers, one line each, and its release lock.</summary>
    private static void AppendReaders(StringBuilder text, RingInspector file, RingInspection ring, RingRates? rates, string lineEnd)
    {
        TextRenderer.Field(text, "readers").Append(ring.Readers.Count).Append(" registered, ").Append(ring.FreeReaderSlots).Append(" of ")
            .Append(ring.MaxReaders).Append(ring.MaxReaders == 1 ? " slot free" : " slots free").Append(" (records at offset ").Append(file.DataOffset).Append(')').Append(lineEnd);
        foreach (RingReaderState reader in ring.Readers)
        {
            text.Append("  slot ").Append(reader.Slot).Append(" '").Append(reader.Name).Append("': position ").Append(reader.Position)
                .Append(", ").Append(reader.BehindBytes).Append(" bytes behind (");
            if (reader.PendingMessages is { } pending)
            {
                text.Append(pending).Append(pending == 1 ? " message)" : " messages)");
            }
            else
            {
                text.Append("messages not counted: the walk stopped before it)");
            }
            text.Append(", ").Append(reader.IsAttached switch { true => "attached", false => "not attached", null => "attachment unknown" });
            if (reader.IsGating)
            {
                text.Append(", gates the producers");
            }
            if (rates is not null)
            {
                text.Append(", reading ");
                if (rates.ReaderBytesPerSecond(reader.Slot) is { } bytes)
                {
                    AppendRate(text, rates.ToMessages(bytes), bytes);
                }
                else
                {
                    text.Append('-');
                }
            }
            text.Append(lineEnd);
        }
        TextRenderer.Field(text, "release lock");
        switch (ring.ReleaseLockHolder)
        {
            case null:
                text.Append("free");
                break;
            case RingInspection.RegistrationHolder:
                text.Append("held by a registration or removal");
                break;
            case int slot:
                text.Append("held by slot ").Append(slot);
                foreach (RingReaderState reader in ring.Readers)
                {
                    if (reader.Slot == slot)
                    {
                        text.Append(" '").Append(reader.Name).Append('\'');
                        if (reader.IsAttached == false)
                        {
                            text.Append(", whose instance is gone (the next release takes it over)");
                        }
                    }
                }
                break;
        }
        text.Append(" (taken ").Append(ring.ReleaseLockGeneration).Append(ring.ReleaseLockGeneration == 1 ? " time)" : " times)").Append(lineEnd);
    }

    private static void AppendMessages(StringBuilder text, RingInspection ring, string lineEnd)
    {
        text.Append(lineEnd).Append("pending messages (");
        if (ring.Messages.Count < ring.PendingMessages)
        {
            text.Append("the first ").Append(ring.Messages.Count).Append(" of ").Append(ring.PendingMessages);
        }
        else
        {
            text.Append(ring.Messages.Count == 1 ? "1 message" : $"{ring.Messages.Count} messages");
        }
        text.Append(", offsets within each message):").Append(lineEnd);
        foreach (RingPendingMessage message in ring.Messages)
        {
            text.Append("position ").Append(message.Position).Append(", ").Append(message.Length).Append(" bytes");
            if (message.Payload.Length < message.Length)
            {
                text.Append(" (the first ").Append(message.Payload.Length).Append(" shown)");
            }
            text.Append(':').Append(lineEnd);
            HexDump.Append(text, message.Payload.Span, 0, lineEnd);
        }
    }
}
