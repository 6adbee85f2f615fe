// Compiled into both Emmap.Runtime.Tests and Emmap.TestProcess (linked, one source file), so the
// snapshot tests and their helper processes agree on the layout and its hash.
namespace Emmap.Tests.Shared;

/// <summary>
/// State under a sequence lock whose writers keep an invariant across several fields and an array:
/// every update sets <c>A</c> and <c>C</c> to the same count, <c>B</c> to the writer's id and each of
/// <c>Values</c> to <c>A * 10 + B</c>. A state that breaks it was never written in full.
/// </summary>
[MappedLayout(Size = 128)]
public partial struct LockedStats
{
    [SequenceLock(0)] public partial SequenceLock Lock { get; }
    [Field(16)] public partial long A { get; set; }
    [Field(24)] public partial long B { get; set; }
    [Field(32)] public partial long C { get; set; }
    [Field(40, Length = 4)] public partial MappedArray<long> Values { get; }
    [AtomicCounter(72)] public partial long Updates { get; }

    /// <summary>Whether <paramref name="s"/> is a state some writer wrote in full.</summary>
    public static bool Consistent(in Snapshot s)
    {
        if (s.C != s.A)
        {
            return false;
        }
        for (int i = 0; i < s.Values.Length; i++)
        {
            if (s.Values[i] != s.A * 10 + s.B)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>One update by writer <paramref name="id"/>: the next count, written field by field inside an update scope.</summary>
    public readonly long UpdateOnce(long id)
    {
        using Update update = BeginUpdate();
        long next = update.A + 1;
        update.A = next;
        update.B = id;
        update.C = next;
        MappedArray<long> values = update.Layout.Values;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = next * 10 + id;
        }
        update.Layout.GetAndIncrementUpdates();
        return next;
    }
}
