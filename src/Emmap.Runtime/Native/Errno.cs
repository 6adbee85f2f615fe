namespace Emmap;

/// <summary>
/// The <c>errno</c> values the runtime acts on, by name (Linux x64 and arm64 share them; the one
/// BSD/macOS value is marked). Code outside <c>Native/</c> compares against these, never a number.
/// </summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int ENXIO = 6;
    internal const int EAGAIN = 11; // also EWOULDBLOCK on Linux
    internal const int EACCES = 13;
    internal const int EFAULT = 14;
    internal const int EEXIST = 17;
    internal const int EXDEV = 18;
    internal const int ENODEV = 19;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int EFBIG = 27;
    internal const int ENOSPC = 28;
    internal const int EMLINK = 31;
    internal const int ENAMETOOLONG = 36;
    internal const int ENOSYS = 38;
    internal const int ELOOP = 40;
    internal const int EOPNOTSUPP = 95;
    internal const int EDQUOT = 122;

    /// <summary>EWOULDBLOCK on macOS and the BSDs (Linux's is <see cref="EAGAIN"/>).</summary>
    internal const int EWOULDBLOCKBsd = 35;

    /// <summary>Whether <paramref name="errno"/> says the file system has no room (a full disk, or a quota).</summary>
    internal static bool IsNoSpace(int errno) => errno is ENOSPC or EDQUOT;

    /// <summary>The C library's text for <paramref name="errno"/> and its number, for messages.</summary>
    internal static string Describe(int errno) =>
        $"{System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
