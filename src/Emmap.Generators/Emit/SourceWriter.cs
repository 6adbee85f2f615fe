using System.Text;

namespace Emmap.Generators.Emit;

/// <summary>Builds C# source line by line with four-space indentation and <c>\n</c> line ends on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, then <c>{</c>, and indents what follows.</summary>
    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Ends the block <see cref="Open"/> began.</summary>
    public SourceWriter Close()
    {
        _depth--;
        return Line("}");
    }

    /// <summary>Writes a one-line <c>&lt;summary&gt;</c> doc comment (the text must already be XML-escaped).</summary>
    public SourceWriter Summary(string text) => Line("/// <summary>" + text + "</summary>");

    public override string ToString() => _text.ToString();
}
