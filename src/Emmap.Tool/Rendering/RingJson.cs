using System.Globalization;
using System.Text.Json;
using Emmap.Tool.Reading;

namespace Emmap.Tool.Rendering;

/// <summary>A ring file's <c>ring</c> object in the JSON output (<c>docs/tool.md</c>, "JSON output"): the same facts as the text, under stable names.</summary>
internal static class RingJson
{
    public static void Write(Utf8JsonWriter w, FileSnapshot snapshot, RingRates? rates)
    {
        RingInspector file = snapshot.RingFile!;
        RingInspection ring = snapshot.Ring!;
        w.WriteStartObject("ring");
        w.WriteNumber("capacity", file.Capacity);
        w.WriteNumber("maxMessageLength", file.MaxMessageLength);
        w.WriteString("records", file.HoldsBytes ? "bytes" : "layout");
        if (file.HoldsBytes)
        {
            w.WriteNull("layoutHash");
        }
        else
        {
            w.WriteString("layoutHash", "0x" + file.LayoutHash.ToString("X16", CultureInfo.InvariantCulture));
        }
        w.WriteNumber("recordSize", file.RecordSize);
        w.WriteNumber("dataOffset", file.DataOffset);
        Nullable(w, "consumerAttached", ring.HasConsumer);
        WriteReaders(w, ring, rates);
        w.WriteNumber("head", ring.Head);
        w.WriteNumber("releasing", ring.Releasing);
        w.WriteNumber("tail", ring.Tail);
        w.WriteNumber("usedBytes", ring.UsedBytes);
        w.WriteNumber("freeBytes", ring.FreeBytes);
        w.WriteNumber("fillPercent", Math.Round(ring.FillPercent, 3));
        w.WriteNumber("pendingMessages", ring.PendingMessages);
        w.WriteNumber("pendingMessageBytes", ring.PendingMessageBytes);
        w.WriteNumber("paddingRecords", ring.PaddingRecords);
        w.WriteNumber("paddingBytes", ring.PaddingBytes);
        w.WriteNumber("claimCount", ring.ClaimCount);
        w.WriteStartArray("claims");
        foreach (RingPendingClaim claim in ring.Claims)
        {
            w.WriteStartObject();
            w.WriteNumber("position", claim.Position);
            w.WriteNumber("length", claim.Length);
            if (claim.ProcessId == 0)
            {
                w.WriteNull("pid");
            }
            else
            {
                w.WriteNumber("pid", claim.ProcessId);
            }
            w.WriteString("owner", claim.ProcessId == 0 ? "unstamped" : claim.IsAlive switch { true => "alive", false => "dead", null => "unknown" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("walk");
        w.WriteString("end", ring.WalkEnd switch
        {
            RingWalkEnd.Tail => "tail",
            RingWalkEnd.RecordLimit => "record-limit",
            RingWalkEnd.UnstampedClaim => "unstamped-claim",
            RingWalkEnd.Moved => "moved",
            _ => "inconsistent",
        });
        w.WriteNumber("walkedTo", ring.WalkedTo);
        if (ring.WalkStopReason is null)
        {
            w.WriteNull("reason");
        }
        else
        {
            w.WriteString("reason", ring.WalkStopReason);
        }
        w.WriteEndObject();
        w.WriteStartArray("messages");
        foreach (RingPendingMessage message in ring.Messages)
        {
            w.WriteStartObject();
            w.WriteNumber("position", message.Position);
            w.WriteNumber("length", message.Length);
            w.WriteString("data", Convert.ToHexStringLower(message.Payload.Span));
            w.WriteBoolean("dataTruncated", message.Payload.Length < message.Length);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (rates is not null)
        {
            if (rates.Known)
            {
                w.WriteStartObject("rates");
                w.WriteNumber("writtenBytesPerSecond", Math.Round(rates.WrittenBytesPerSecond, 3));
                w.WriteNumber("readBytesPerSecond", Math.Round(rates.ReadBytesPerSecond, 3));
                Nullable(w, "writtenMessagesPerSecond", rates.WrittenMessagesPerSecond);
                Nullable(w, "readMessagesPerSecond", rates.ReadMessagesPerSecond);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("rates");
            }
        }
        w.WriteEndObject();
    }

    /// <summary>A broadcast ring's readers and release lock (a single-consumer ring: 0 slots, no readers, a null lock).</summary>
    private static void WriteReaders(Utf8JsonWriter w, RingInspection ring, RingRates? rates)
    {
        w.WriteNumber("maxReaders", ring.MaxReaders);
        w.WriteNumber("freeReaderSlots", ring.FreeReaderSlots);
        w.WriteStartArray("readers");
        foreach (RingReaderState reader in ring.Readers)
        {
            w.WriteStartObject();
            w.WriteNumber("slot", reader.Slot);
            w.WriteString("name", reader.Name);
            w.WriteNumber("position", reader.Position);
            w.WriteNumber("behindBytes", reader.BehindBytes);
            if (reader.PendingMessages is { } pending)
            {
                w.WriteNumber("pendingMessages", pending);
            }
            else
            {
                w.WriteNull("pendingMessages");
            }
            Nullable(w, "attached", reader.IsAttached);
            w.WriteBoolean("gating", reader.IsGating);
            if (rates is not null)
            {
                double? bytes = rates.ReaderBytesPerSecond(reader.Slot);
                Nullable(w, "readBytesPerSecond", bytes);
                Nullable(w, "readMessagesPerSecond", bytes is { } b ? rates.ToMessages(b) : null);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (ring.MaxReaders == 0)
        {
            w.WriteNull("releaseLock");
            return;
        }
        w.WriteStartObject("releaseLock");
        w.WriteString("holder", ring.ReleaseLockHolder switch { null => "free", RingInspection.RegistrationHolder => "registration", _ => "reader" });
        if (ring.ReleaseLockHolder is { } slot && slot != RingInspection.RegistrationHolder)
        {
            w.WriteNumber("slot", slot);
        }
        else
        {
            w.WriteNull("slot");
        }
        w.WriteNumber("generation", ring.ReleaseLockGeneration);
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
