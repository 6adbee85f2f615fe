using System.Text;

namespace Emmap.Runtime.Tests;

public class PublishedFileTests
{
    private static readonly byte[] Magic = "PUBTEST\n"u8.ToArray();

    private static void RequireMagic(string path, ReadOnlySpan<byte> header, long length)
    {
        if (length < 16 || !header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a test file ({length} bytes)");
        }
    }

    private static (MappedFile File, bool Created) OpenOrCreate(string path, long creatorId) =>
        PublishedFile.OpenOrCreate(path, 4096, UnixFileMode.UserRead | UnixFileMode.UserWrite, 16,
            file =>
            {
                file.WriteVolatileInt64(8, creatorId);
                file.WriteAt(0, Magic);
            },
            RequireMagic, new MapOptions());

    [Fact]
    public void RacingCreatorsAllOpenTheOneFileThatWon()
    {
        using var dir = new TempDirectory();
        string path = dir.File("race.bin");
        for (int round = 0; round < 20; round++)
        {
            File.Delete(path);
            var results = new (MappedFile File, bool Created)[8];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = OpenOrCreate(path, 1000 + i));
            try
            {
                Assert.Single(results, r => r.Created);
                long winner = results.Single(r => r.Created).File.ReadVolatileInt64(8);
                Assert.All(results, r => Assert.Equal(winner, r.File.ReadVolatileInt64(8)));
                Assert.Equal(Magic, File.ReadAllBytes(path)[..8]);
                Assert.Equal(4096, new FileInfo(path).Length);
            }
            finally
            {
                foreach (var r in results)
                {
                    r.File.Dispose();
                }
            }
        }
        Assert.Equal(new[] { "race.bin" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExistingFileThatFailsValidationIsLeftUntouched()
    {
        using var dir = new TempDirectory();
        string path = dir.File("foreign.bin");
        byte[] foreign = Encoding.ASCII.GetBytes("NOT OURS, DO NOT ZERO ME");
        File.WriteAllBytes(path, foreign);
        Assert.Throws<InvalidDataException>(() => OpenOrCreate(path, 1));
        Assert.Equal(foreign, File.ReadAllBytes(path));
    }

    [Fact]
    public void NewFilesGetTheRequestedModeAndContent()
    {
        using var dir = new TempDirectory();
        string path = dir.File("new.bin");
        var (file, created) = OpenOrCreate(path, 42);
        using (file)
        {
            Assert.True(created);
            Assert.Equal(42, file.ReadVolatileInt64(8));
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var (again, createdAgain) = OpenOrCreate(path, 43);
        using (again)
        {
            Assert.False(createdAgain);
            Assert.Equal(42, again.ReadVolatileInt64(8));
        }
    }
}
