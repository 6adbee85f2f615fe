namespace Emmap;

/// <summary>What a path names, from the type bits of <c>st_mode</c>: Emmap maps only <see cref="Regular"/> files.</summary>
internal enum FileKind
{
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    SymbolicLink,
    Unknown,
}

/// <summary>Reading and naming <see cref="FileKind"/>s.</summary>
internal static class FileKinds
{
    /// <summary>The kind for <c>st_mode &amp; S_IFMT</c>.</summary>
    internal static FileKind FromMode(uint type) => type switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        0xA000 => FileKind.SymbolicLink,
        _ => FileKind.Unknown,
    };

    /// <summary>The kind with its article, for messages ("a FIFO (named pipe)").</summary>
    internal static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.SymbolicLink => "a symbolic link",
        _ => "not a regular file",
    };
}
