using System.Buffers.Binary;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// What a growable, shared, read-write <see cref="MappedFile"/> at offset 0 should hold: its bytes
/// (as long as the mapping), and the sequential position. Written from the documented contract,
/// not from the implementation: growth doubles up to the growth step, then adds the step.
/// </summary>
internal sealed class FileModel(byte[] initial, long growthStep)
{
    public byte[] Bytes { get; private set; } = (byte[])initial.Clone();

    public long Position { get; set; }

    public long Length => Bytes.Length;

    /// <summary>Whether <paramref name="length"/> bytes at <paramref name="position"/> lie inside the mapping.</summary>
    public bool Inside(long position, long length) => position >= 0 && length >= 0 && position <= Length - length;

    /// <summary>A write: out of range when negative or overflowing, else grows the mapping by the policy first.</summary>
    public bool Write(long position, byte[] data)
    {
        if (position < 0 || position > long.MaxValue - data.Length)
        {
            return false;
        }
        if (position + data.Length > Length)
        {
            long next = Math.Max(Length, 1);
            while (next < position + data.Length)
            {
                next = next < growthStep ? next * 2 : next + growthStep;
            }
            SetLength(next);
        }
        data.CopyTo(Bytes, position);
        return true;
    }

    public void SetLength(long length)
    {
        var bytes = new byte[length];
        Bytes.AsSpan(0, (int)Math.Min(length, Length)).CopyTo(bytes);
        Bytes = bytes;
    }

    public long ReadInt64(long position) => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan((int)position));

    public void WriteInt64(long position, long value) => BinaryPrimitives.WriteInt64LittleEndian(Bytes.AsSpan((int)position), value);

    public int ReadInt32(long position) => BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan((int)position));

    public void WriteInt32(long position, int value) => BinaryPrimitives.WriteInt32LittleEndian(Bytes.AsSpan((int)position), value);
}
