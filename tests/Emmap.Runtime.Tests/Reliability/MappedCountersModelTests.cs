using CsCheck;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Model-based property test for <see cref="MappedCounters"/>: random sequences of counter
/// operations and reopens, in both formats, checked step by step against a <c>long[]</c>, and the
/// file compared byte for byte with the format's documented layout at the end.
/// </summary>
public sealed class MappedCountersModelTests
{
    private const int Iterations = 600;

    private static readonly Gen<CountersOp> Op = Gen.Select(
        Gen.Enum<CountersOpKind>(), Gen.Int[-2, 10], Gen.Frequency((8, Gen.Long[-5, 5]), (1, Gen.OneOfConst(long.MinValue, long.MaxValue))), Gen.Bool,
        (kind, index, value, useCurrent) => new CountersOp(kind, index, value, useCurrent));

    [Fact]
    public void RandomCounterSequencesAgreeWithALongArrayModel()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Bool, Op.Array[1, 40]).Sample(t => Run(t.Item1, t.Item2 ? CountersFormat.Padded : CountersFormat.Emmap, t.Item3), iter: Iterations);
    }

    private static void Run(int count, CountersFormat format, CountersOp[] ops)
    {
        using var dir = new TempDirectory();
        string path = dir.File();
        var model = new long[count];
        var counters = MappedCounters.Open(path, count, format);
        try
        {
            for (int step = 0; step < ops.Length; step++)
            {
                counters = Apply(counters, path, count, format, ops[step], model, $"step {step} ({ops[step]})");
            }
        }
        finally
        {
            counters.Dispose();
        }
        byte[] expected = format == CountersFormat.Emmap
            ? Counters.CountersFileFormatTests.EmmapFile(model)
            : Counters.CountersFileFormatTests.PaddedFile(model);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    private static MappedCounters Apply(MappedCounters c, string path, int count, CountersFormat format, CountersOp op, long[] model, string at)
    {
        int i = op.Index;
        bool valid = i >= 0 && i < count;
        long current = valid ? model[i] : 0;
        long comparand = op.UseCurrent ? current : op.Value ^ 1;
        (Func<long>? call, long? next) = op.Kind switch
        {
            CountersOpKind.Read => (() => c.ReadVolatile(i), (long?)null),
            CountersOpKind.Increment => (() => c.GetAndAdd(i, op.Value), unchecked(current + op.Value)),
            CountersOpKind.Decrement => (() => c.GetAndSubtract(i, op.Value), unchecked(current - op.Value)),
            CountersOpKind.Set => (() => c.Exchange(i, op.Value), op.Value),
            CountersOpKind.CompareExchange => (() => c.CompareExchange(i, op.Value, comparand), current == comparand ? op.Value : current),
            CountersOpKind.Xor => (() => c.GetAndXor(i, op.Value), current ^ op.Value),
            CountersOpKind.Write => (new Func<long>(() => { c.WriteVolatile(i, op.Value); return current; }), op.Value),
            _ => ((Func<long>?)null, (long?)null),
        };
        if (call is not null)
        {
            long result = 0;
            Exception? ex = Record.Exception(() => result = call());
            if (!valid)
            {
                Assert.True(ex is ArgumentOutOfRangeException, $"{at}: expected ArgumentOutOfRangeException, got {ex?.GetType().Name ?? "success"}");
                return c;
            }
            Assert.True(ex is null, $"{at}: threw {ex}");
            long expected = current;
            Assert.True(expected == result, $"{at}: returned {result}, model {expected}");
            model[i] = next ?? current;
            return c;
        }
        switch (op.Kind)
        {
            case CountersOpKind.Flush:
                c.Flush();
                return c;
            case CountersOpKind.Reopen:
                c.Dispose();
                c = MappedCounters.Open(path, count, format);
                Assert.False(c.Created, $"{at}: recreated the file");
                break;
            default:
                c.Dispose();
                c = MappedCounters.OpenExisting(path);
                Assert.Equal(count, c.Count);
                Assert.Equal(format, c.Format);
                break;
        }
        for (int k = 0; k < count; k++)
        {
            Assert.True(model[k] == c.ReadVolatile(k), $"{at}: after reopening counter {k} is {c.ReadVolatile(k)}, model {model[k]}");
        }
        return c;
    }
}
