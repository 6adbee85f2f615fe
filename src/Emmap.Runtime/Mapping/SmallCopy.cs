using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Copies for pread/pwrite: up to 16 bytes with at most two overlapping loads and stores, inline,
/// instead of a call into <c>Buffer.Memmove</c>, whose call costs more than a small copy itself; a
/// longer copy is a span copy (<c>Buffer.Memmove</c>, vectorised).
/// </summary>
internal static class SmallCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy(ref byte destination, ref byte source, int count)
    {
        if (count > 16)
        {
            MemoryMarshal.CreateReadOnlySpan(ref source, count).CopyTo(MemoryMarshal.CreateSpan(ref destination, count));
        }
        else if (count >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref source);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, count - 8));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - 8), tail);
        }
        else if (count >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(ref source);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, count - 4));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - 4), tail);
        }
        else if (count >= 2)
        {
            ushort head = Unsafe.ReadUnaligned<ushort>(ref source);
            ushort tail = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, count - 2));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - 2), tail);
        }
        else if (count == 1)
        {
            destination = source;
        }
    }
}
