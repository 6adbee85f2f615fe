using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Emmap.Benchmarks;

/// <summary>
/// One 1 MiB file seen four ways, so every benchmark compares Emmap against its baselines over the
/// same bytes in the same run: an Emmap <see cref="MappedFile"/>, a raw pointer into a BCL mapping,
/// a <see cref="MemoryMappedViewAccessor"/>, and a file handle for <see cref="RandomAccess"/>.
/// </summary>
public sealed unsafe class MappedFixture : IDisposable
{
    public const int FileLength = 1 << 20;

    private readonly string _directory;
    private readonly MemoryMappedFile _bclFile;
    private readonly MemoryMappedViewAccessor _accessorForPointer;

    public MappedFixture()
    {
        _directory = Directory.CreateTempSubdirectory("emmap-bench-").FullName;
        string path = System.IO.Path.Combine(_directory, "bench.bin");
        Emmap = MappedFile.Open(path, new MapOptions { Create = true, Length = FileLength, FixedSize = true });
        _bclFile = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        Accessor = _bclFile.CreateViewAccessor(0, FileLength);
        _accessorForPointer = _bclFile.CreateViewAccessor(0, FileLength);
        byte* pointer = null;
        _accessorForPointer.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _accessorForPointer.PointerOffset;
        Handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
    }

    public MappedFile Emmap { get; }

    public MemoryMappedViewAccessor Accessor { get; }

    public byte* Pointer { get; }

    public SafeFileHandle Handle { get; }

    public void Dispose()
    {
        Handle.Dispose();
        _accessorForPointer.SafeMemoryMappedViewHandle.ReleasePointer();
        _accessorForPointer.Dispose();
        Accessor.Dispose();
        _bclFile.Dispose();
        Emmap.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
