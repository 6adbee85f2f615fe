namespace Emmap.Tool.Tests;

/// <summary>
/// A fact that needs file permissions to be enforced: it runs on Unix as an unprivileged user and
/// reports itself skipped, with the reason, on Windows or as root (who may read any file).
/// </summary>
public sealed class UnprivilegedUnixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows or when the tests run as root.</summary>
    public UnprivilegedUnixFactAttribute() =>
        Skip = OperatingSystem.IsWindows() ? "Unix only: it takes read permission away with a Unix file mode."
            : Environment.IsPrivilegedProcess ? "Needs an unprivileged user: root may read a file whatever its mode."
            : null!;
}
