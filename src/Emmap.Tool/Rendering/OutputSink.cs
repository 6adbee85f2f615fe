using System.Text;

namespace Emmap.Tool.Rendering;

/// <summary>Writes text or bytes to standard output through reused buffers, so a refresh allocates nothing.</summary>
internal sealed class OutputSink : IDisposable
{
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private char[] _chars = new char[16 * 1024];
    private byte[] _bytes = new byte[48 * 1024];

    public void Write(StringBuilder text)
    {
        if (_chars.Length < text.Length)
        {
            _chars = new char[text.Length * 2];
        }
        text.CopyTo(0, _chars, text.Length);
        int needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_bytes.Length < needed)
        {
            _bytes = new byte[needed];
        }
        int count = Encoding.UTF8.GetBytes(_chars, 0, text.Length, _bytes, 0);
        Write(_bytes.AsSpan(0, count));
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _stdout.Write(bytes);
        _stdout.Flush();
    }

    public void Dispose() => _stdout.Dispose();
}
