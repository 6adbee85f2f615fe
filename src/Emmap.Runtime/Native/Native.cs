using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// The one seam to the C library: only what the BCL's memory-mapped files lack. Every entry point
/// is guarded by an operating-system check and has a portable fallback, so nothing here breaks
/// other platforms.
/// </summary>
internal static unsafe partial class Native
{
    private const string LibC = "libc";

    // <sys/mman.h>, Linux values.
    private const int MadvWillNeed = 3;
    private const int MadvPopulateRead = 22; // Linux 5.14+; older kernels answer EINVAL.

    [LibraryImport(LibC, EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);

    /// <summary>
    /// Faults the pages of <paramref name="length"/> bytes at <paramref name="start"/> in (emmap's
    /// <c>populate</c>): <c>madvise(MADV_POPULATE_READ)</c> on Linux, falling back to
    /// <c>MADV_WILLNEED</c> plus touching one byte a page, which is also what other platforms do.
    /// </summary>
    internal static void Populate(byte* start, long length)
    {
        if (length <= 0)
        {
            return;
        }
        long pageSize = Environment.SystemPageSize;
        byte* pageStart = (byte*)((nuint)start & ~(nuint)(pageSize - 1));
        nuint span = (nuint)(start + length - pageStart);
        if (OperatingSystem.IsLinux())
        {
            if (Madvise(pageStart, span, MadvPopulateRead) == 0)
            {
                return;
            }
            _ = Madvise(pageStart, span, MadvWillNeed);
        }
        for (long offset = 0; offset < (long)span; offset += pageSize)
        {
            _ = Volatile.Read(ref pageStart[offset]);
        }
    }
}
