namespace Emmap.Runtime.Tests;

/// <summary>
/// A fact that needs to mount a small tmpfs (root on Linux, as CI runs) and reports itself skipped,
/// with the reason, where it cannot: not Linux, not root, or a mount that fails (a container
/// without the capability).
/// </summary>
public sealed class MountFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when a tmpfs cannot be mounted here.</summary>
    public MountFactAttribute() => Skip = Mounts.CannotMountTmpfs!;
}

/// <summary>As <see cref="MountFactAttribute"/>, for a loop-mounted ext4 image (needs <c>mkfs.ext4</c> and a loop device too).</summary>
public sealed class Ext4FactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when an ext4 image cannot be mounted here.</summary>
    public Ext4FactAttribute() => Skip = Mounts.CannotMountExt4!;
}
