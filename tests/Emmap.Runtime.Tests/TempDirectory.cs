namespace Emmap.Runtime.Tests;

/// <summary>A fresh directory per test, deleted with everything in it at the end.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("emmap-test-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the directory (the file is not created).</summary>
    public string File(string name = "map.bin") => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="bytes"/> to a new file and returns its path.</summary>
    public string FileWith(byte[] bytes, string name = "map.bin")
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A new file of <paramref name="length"/> bytes 0, 1, 2, ... (mod 251) and its path.</summary>
    public string Pattern(int length, string name = "map.bin") => FileWith(PatternBytes(length), name);

    public static byte[] PatternBytes(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }
        return bytes;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
