using System.Diagnostics;

namespace Emmap.Runtime.Tests;

/// <summary>
/// Real small file systems for the disk-full tests: a size-limited tmpfs and a loop-mounted ext4
/// image, each unmounted (and its directory deleted) when disposed. Whether they can be mounted is
/// probed once, by mounting; the reason they cannot is what the tests report as skipped.
/// </summary>
public sealed class Mounts : IDisposable
{
    private static readonly Lazy<string?> TmpfsReason = new(() => Probe(dir => Mount(dir, "tmpfs", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir)));
    private static readonly Lazy<string?> Ext4Reason = new(() =>
        CannotMountTmpfs ?? Probe(dir => WithImage(dir, 1, image => Mount(dir, "ext4", "-o", "loop", image, dir))));

    private readonly string? _image;

    private Mounts(string path, string? image)
    {
        Path = path;
        _image = image;
    }

    /// <summary>Null when a tmpfs can be mounted here; else why not.</summary>
    public static string? CannotMountTmpfs => Platform.NotLinux ?? (Environment.IsPrivilegedProcess ? TmpfsReason.Value : "Needs root to mount a tmpfs (CI runs as root).");

    /// <summary>Null when an ext4 image can be loop-mounted here; else why not.</summary>
    public static string? CannotMountExt4 => Platform.NotLinux ?? (Environment.IsPrivilegedProcess ? Ext4Reason.Value : "Needs root to loop-mount an ext4 image (CI runs as root).");

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kib"/> KiB on a new directory.</summary>
    public static Mounts Tmpfs(int kib)
    {
        string dir = Directory.CreateTempSubdirectory("emmap-tmpfs-").FullName;
        string? error = Mount(dir, "tmpfs", "-t", "tmpfs", "-o", $"size={kib}k", "tmpfs", dir);
        if (error is not null)
        {
            Directory.Delete(dir);
            Assert.Fail(error);
        }
        return new Mounts(dir, null);
    }

    /// <summary>Formats an image of <paramref name="mib"/> MiB (extra <c>mkfs.ext4</c> options allowed) and loop-mounts it on a new directory.</summary>
    public static Mounts Ext4(int mib, params string[] mkfsOptions)
    {
        string dir = Directory.CreateTempSubdirectory("emmap-ext4-").FullName;
        string image = dir + ".img";
        using (var f = File.Create(image))
        {
            f.SetLength(mib * 1024L * 1024);
        }
        string? error = Run("mkfs.ext4", ["-q", "-F", .. mkfsOptions, image]) ?? Mount(dir, "ext4", "-o", "loop", image, dir);
        if (error is not null)
        {
            Directory.Delete(dir);
            File.Delete(image);
            Assert.Fail(error);
        }
        return new Mounts(dir, image);
    }

    /// <summary>Fills the file system to the last byte with a file named <c>filler</c>.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create);
        byte[] chunk = new byte[4096];
        Array.Fill(chunk, (byte)1);
        try
        {
            for (int i = 0; i < 1 << 20; i++)
            {
                RandomAccess.Write(filler.SafeFileHandle, chunk, filler.Length);
            }
        }
        catch (IOException)
        {
            return; // full
        }
        Assert.Fail("The file system never filled up.");
    }

    /// <summary>Frees <paramref name="bytes"/> of the space <see cref="Fill"/> took.</summary>
    public void Free(long bytes)
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Open);
        filler.SetLength(filler.Length - bytes);
    }

    /// <summary>The names in the mount point, sorted (the debris check).</summary>
    public string[] Names() => Directory.GetFileSystemEntries(Path).Select(p => System.IO.Path.GetFileName(p)!).Where(n => n != "lost+found").Order().ToArray();

    public void Dispose()
    {
        string? error = Run("umount", [Path]) is null ? null : Run("umount", ["-l", Path]);
        Directory.Delete(Path, recursive: false);
        if (_image is not null)
        {
            File.Delete(_image);
        }
        Assert.True(error is null, error);
    }

    private static string? Probe(Func<string, string?> mount)
    {
        string dir = Directory.CreateTempSubdirectory("emmap-probe-").FullName;
        try
        {
            string? error = mount(dir);
            if (error is null)
            {
                Run("umount", [dir]);
            }
            return error;
        }
        finally
        {
            Directory.Delete(dir, recursive: false);
        }
    }

    private static string? WithImage(string dir, int mib, Func<string, string?> mount)
    {
        string image = dir + ".img";
        try
        {
            using (var f = File.Create(image))
            {
                f.SetLength(mib * 1024L * 1024);
            }
            return Run("mkfs.ext4", ["-q", "-F", image]) ?? mount(image);
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static string? Mount(string dir, string what, params string[] args)
    {
        string? error = Run("mount", args);
        return error is null ? null : $"Cannot mount a {what} on {dir}: {error}";
    }

    /// <summary>Runs a command with a deadline; null when it succeeded, else what went wrong.</summary>
    private static string? Run(string command, string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using Process process = Process.Start(info)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                return $"{command} did not finish within 60 s";
            }
            return process.ExitCode == 0 ? null : $"{command} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{command} is not available: {e.Message}";
        }
    }
}
