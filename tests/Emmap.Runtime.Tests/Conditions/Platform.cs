namespace Emmap.Runtime.Tests;

/// <summary>
/// Why a test cannot run on this machine, or <see langword="null"/> when it can. The attributes
/// beside this file turn a reason into xunit's <c>Skip</c>, so a test that does not apply reports
/// itself skipped with the reason instead of returning early and counting as passed.
/// </summary>
internal static class Platform
{
    /// <summary>Null on Linux; otherwise why a Linux-only test is skipped.</summary>
    public static string? NotLinux =>
        OperatingSystem.IsLinux() ? null : "Linux only: it uses /proc, GNU stat or Linux's mmap and zero-page semantics.";

    /// <summary>Null on Linux, macOS and the BSDs; otherwise why a Unix-only test is skipped.</summary>
    public static string? NotUnix =>
        !OperatingSystem.IsWindows() ? null : "Unix only: it uses Unix file modes or symbolic links as Unix has them.";
}
