namespace Emmap.Runtime.Tests;

/// <summary>A fact that runs on Linux and reports itself skipped, with the reason, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux.</summary>
    public LinuxFactAttribute() => Skip = Platform.NotLinux!;
}

/// <summary>A theory that runs on Linux and reports itself skipped, with the reason, elsewhere.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux.</summary>
    public LinuxTheoryAttribute() => Skip = Platform.NotLinux!;
}

/// <summary>A fact that runs on Unix-like systems and reports itself skipped, with the reason, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows.</summary>
    public UnixFactAttribute() => Skip = Platform.NotUnix!;
}

/// <summary>A theory that runs on Unix-like systems and reports itself skipped, with the reason, on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows.</summary>
    public UnixTheoryAttribute() => Skip = Platform.NotUnix!;
}
