namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// One step of a random sequence: which operation, where, how much, with what. Written bytes are
/// <c>Fill + i</c>, so a step prints (and shrinks) as a few numbers.
/// </summary>
public sealed record FileOp(FileOpKind Kind, long Position, int Length, long Value, byte Fill)
{
    /// <summary>The bytes a write of this step writes.</summary>
    public byte[] Data()
    {
        var data = new byte[Length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = unchecked((byte)(Fill + i));
        }
        return data;
    }
}
