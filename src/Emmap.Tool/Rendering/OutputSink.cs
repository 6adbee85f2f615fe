using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Emmap.Tool.Rendering;

/// <summary>
/// Writes text or bytes to standard output through reused buffers, so a refresh allocates nothing.
/// When the reader goes away (<c>emmap watch f | head</c>: a broken pipe) it stops writing and says
/// so in <see cref="Closed"/>, rather than failing.
/// </summary>
internal sealed class OutputSink : IDisposable
{
    // On Unix, file descriptor 1 itself: the console stream drops writes to a broken pipe silently,
    // so a watch piped into `head` would never learn that nobody reads it any more.
    private readonly Stream _stdout = OperatingSystem.IsWindows()
        ? Console.OpenStandardOutput()
        : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
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

    /// <summary>Whether standard output's reader has gone away; nothing more is written then.</summary>
    public bool Closed { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Closed)
        {
            return;
        }
        try
        {
            _stdout.Write(bytes);
            _stdout.Flush();
        }
        catch (IOException)
        {
            Closed = true; // EPIPE: whoever read the output has stopped
        }
    }

    public void Dispose() => _stdout.Dispose();
}
