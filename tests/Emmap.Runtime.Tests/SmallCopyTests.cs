namespace Emmap.Runtime.Tests;

/// <summary>pread/pwrite copy up to 16 bytes inline with overlapping moves: every length must be exact.</summary>
public sealed class SmallCopyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryLengthAroundTheInlineCopiesIsExact()
    {
        byte[] original = TempDirectory.PatternBytes(256);
        string path = _dir.FileWith(original);
        byte[] expected = (byte[])original.Clone();
        using var file = MappedFile.Open(path, new MapOptions { FixedSize = true });
        for (int length = 0; length <= 40; length++)
        {
            int position = 3 + length * 5;
            byte[] source = Enumerable.Range(0, length).Select(i => (byte)(200 - i - length)).ToArray();
            file.WriteAt(position, source);
            source.CopyTo(expected, position);

            var destination = new byte[length + 2];
            destination[0] = 0xEE;
            destination[^1] = 0xEE;
            file.ReadAt(position, destination.AsSpan(1, length));
            Assert.Equal(source, destination[1..^1]);
            Assert.Equal(0xEE, destination[0]);      // nothing written before the span
            Assert.Equal(0xEE, destination[^1]);     // nor after it
            Assert.Equal(expected, file.ReadAt(0, 256)); // and no byte of the file outside the range
        }
        file.Flush();
        Assert.Equal(expected, File.ReadAllBytes(path));
    }
}
