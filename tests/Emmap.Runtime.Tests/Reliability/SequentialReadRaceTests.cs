namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Sequential reads re-check like <c>ReadAt</c>: <c>Read(Span)</c>, <c>Read(int)</c>, <c>ReadLine</c>
/// and the stream's reads, racing <c>Dispose</c> or a shrinking <c>Resize</c> on another thread,
/// return the file's bytes or throw; never the zero pages that replace the file's. The file holds no
/// zero byte, so any zero returned is a byte that is not the file's.
/// </summary>
public sealed class SequentialReadRaceTests : IDisposable
{
    private const int Size = 64 * 4096;
    private const int Rounds = 60;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>0xAB everywhere, a newline every 64 bytes: no zero anywhere.</summary>
    private string NoZeroFile()
    {
        byte[] bytes = new byte[Size];
        Array.Fill(bytes, (byte)0xAB);
        for (int i = 63; i < Size; i += 64)
        {
            bytes[i] = (byte)'\n';
        }
        return _dir.FileWith(bytes);
    }

    private static void AssertFilesBytes(ReadOnlySpan<byte> read, string what)
    {
        int zero = read.IndexOf((byte)0);
        if (zero >= 0)
        {
            throw new Xunit.Sdk.XunitException($"{what} returned a zero at offset {zero} of {read.Length} bytes: not the file's byte.");
        }
    }

    /// <summary>One sequential read of each kind, from a position that moves through the file.</summary>
    private static void ReadSomething(MappedFile file, Stream stream, int iteration, byte[] buffer)
    {
        switch (iteration % 4)
        {
            case 0:
                file.Position = iteration * 4096L % Size;
                int n = file.Read(buffer);
                AssertFilesBytes(buffer.AsSpan(0, n), "Read(Span)");
                break;
            case 1:
                file.Position = iteration * 4096L % Size;
                AssertFilesBytes(file.Read(buffer.Length), "Read(int)");
                break;
            case 2:
                file.Position = iteration * 4096L % Size;
                byte[]? line = file.ReadLine();
                if (line is not null)
                {
                    AssertFilesBytes(line, "ReadLine");
                    Assert.True(line.Length <= 64, $"ReadLine returned {line.Length} bytes: lines here are at most 64");
                }
                break;
            default:
                try
                {
                    stream.Position = iteration * 4096L % Size;
                    int m = stream.Read(buffer);
                    AssertFilesBytes(buffer.AsSpan(0, m), "Stream.Read");
                }
                catch (ArgumentOutOfRangeException)
                {
                    // The mapping shrank between the stream's length check and its read: refused, not zeros.
                }
                break;
        }
    }

    [Fact]
    public void SequentialReadsRacingDisposeReturnTheFilesBytesOrThrow()
    {
        string path = NoZeroFile();
        for (int round = 0; round < Rounds; round++)
        {
            var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
            Stream stream = file.AsStream();
            byte[] buffer = new byte[Size]; // long copies: a wide window for Dispose to overtake
            List<Exception> unexpected = RaceHarness.Run(1, 200_000, (_, i) => ReadSomething(file, stream, i, buffer), file.Dispose);
            Assert.Empty(unexpected);
        }
    }

    [Fact]
    public void SequentialReadsRacingAShrinkingResizeReturnTheFilesBytesOrFewer()
    {
        string path = NoZeroFile();
        for (int round = 0; round < Rounds; round++)
        {
            using var file = MappedFile.Open(path);
            Stream stream = file.AsStream();
            byte[] buffer = new byte[8192];
            List<Exception> unexpected = RaceHarness.Run(1, 2_000, (_, i) => ReadSomething(file, stream, i, buffer), () => file.Resize(4096));
            Assert.Empty(unexpected);
            file.Resize(Size); // grows back: the new bytes are zeros, so rewrite the pattern
            file.Dispose();
            File.Delete(path);
            path = NoZeroFile();
        }
    }
}
