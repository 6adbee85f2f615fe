using CsCheck;

namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Model-based property test: random sequences of operations on a real <see cref="MappedFile"/>,
/// checked step by step against <see cref="FileModel"/> (a byte array and a position), including
/// reopening the file and comparing every byte. A failure prints CsCheck's seed (replay with the
/// environment variable <c>CsCheck_Seed</c>) and the shrunk sequence.
/// </summary>
public sealed class MappedFileModelTests
{
    private const int InitialLength = 128;
    private const long GrowthStep = 256;
    private const int Iterations = 1500;

    private static readonly MapOptions Options = new() { GrowthStep = GrowthStep };

    private static readonly Gen<long> Position = Gen.Frequency(
        (20, Gen.Long[-8, 1100]),
        (4, Gen.Long[0, 140].Select(p => p & ~7L)), // aligned, inside the initial mapping
        (1, Gen.OneOfConst(long.MinValue, -1L << 40, long.MaxValue, long.MaxValue - 3)));

    private static readonly Gen<FileOp> Op = Gen.Select(
        Gen.Enum<FileOpKind>(), Position, Gen.Int[0, 64], Gen.Long[-3, 3], Gen.Byte,
        (kind, position, length, value, fill) => kind switch
        {
            FileOpKind.Resize => new FileOp(kind, 0, 0, 1 + Math.Abs(position % 1200), fill),
            FileOpKind.Seek => new FileOp(kind, position % 1300, 0, Math.Abs(value % 3), fill),
            // Huge positions only with lengths that overflow: a valid write there would grow a
            // sparse file of exabytes, which the byte-array model cannot follow.
            _ => new FileOp(kind, position, position > 1L << 40 ? Math.Max(length, 4) : length, value, fill),
        });

    [Fact]
    public void RandomOperationSequencesAgreeWithAByteArrayModel()
    {
        Op.Array[1, 40].Sample(Run, iter: Iterations);
    }

    private static void Run(FileOp[] ops)
    {
        using var dir = new TempDirectory();
        string path = dir.Pattern(InitialLength);
        var model = new FileModel(TempDirectory.PatternBytes(InitialLength), GrowthStep);
        var file = MappedFile.Open(path, Options);
        try
        {
            for (int step = 0; step < ops.Length; step++)
            {
                file = Apply(file, path, ops[step], model, step);
                Assert.True(model.Length == file.Length, $"step {step} ({ops[step]}): length {file.Length}, model {model.Length}");
            }
        }
        finally
        {
            file.Dispose();
        }
        Assert.Equal(model.Bytes, File.ReadAllBytes(path));
    }

    private static MappedFile Apply(MappedFile file, string path, FileOp op, FileModel model, int step)
    {
        string at = $"step {step} ({op})";
        long p = op.Position;
        switch (op.Kind)
        {
            case FileOpKind.WriteAt:
            {
                byte[] data = op.Data();
                Expect(at, model.Write(p, data), () => file.WriteAt(p, data));
                break;
            }
            case FileOpKind.ReadAt:
            {
                var read = new byte[op.Length];
                if (Expect(at, model.Inside(p, op.Length), () => file.ReadAt(p, read)))
                {
                    Assert.True(model.Bytes.AsSpan((int)p, op.Length).SequenceEqual(read), $"{at}: read other bytes");
                }
                break;
            }
            case FileOpKind.Seek:
            {
                var origin = (SeekOrigin)op.Value;
                long target = (origin == SeekOrigin.Begin ? 0 : origin == SeekOrigin.Current ? model.Position : model.Length) + p;
                if (Expect(at, target >= 0, () => Assert.Equal(target, file.Seek(p, origin))))
                {
                    model.Position = target;
                }
                Assert.True(model.Position == file.Position, $"{at}: position {file.Position}, model {model.Position}");
                break;
            }
            case FileOpKind.ReadSequential:
            {
                byte[] read = file.Read(op.Length);
                int expected = (int)Math.Clamp(model.Length - model.Position, 0, op.Length);
                Assert.True(expected == read.Length, $"{at}: read {read.Length} bytes, model {expected}");
                Assert.True(model.Bytes.AsSpan((int)Math.Min(model.Position, model.Length), expected).SequenceEqual(read), $"{at}: read other bytes");
                model.Position += expected;
                break;
            }
            case FileOpKind.AddInt64:
                if (ExpectAtomic(at, model, p, 8, () => file.GetAndAddInt64(p, op.Value), out long before))
                {
                    Assert.True(model.ReadInt64(p) == before, $"{at}: returned {before}, model {model.ReadInt64(p)}");
                    model.WriteInt64(p, model.ReadInt64(p) + op.Value);
                }
                break;
            case FileOpKind.CompareExchangeInt32:
            {
                int comparand = model.Inside(p, 4) ? (op.Fill % 2 == 0 ? model.ReadInt32(p) : op.Fill) : 0;
                if (ExpectAtomic(at, model, p, 4, () => file.CompareExchangeInt32(p, (int)op.Value, comparand), out long seen))
                {
                    Assert.True(model.ReadInt32(p) == seen, $"{at}: returned {seen}, model {model.ReadInt32(p)}");
                    if (seen == comparand)
                    {
                        model.WriteInt32(p, (int)op.Value);
                    }
                }
                break;
            }
            case FileOpKind.WriteVolatileInt64:
                if (ExpectAtomic(at, model, p, 8, () => { file.WriteVolatileInt64(p, op.Value); return 0; }, out _))
                {
                    model.WriteInt64(p, op.Value);
                }
                break;
            case FileOpKind.ReadVolatileInt32:
                if (ExpectAtomic(at, model, p, 4, () => file.ReadVolatileInt32(p), out long value))
                {
                    Assert.True(model.ReadInt32(p) == value, $"{at}: read {value}, model {model.ReadInt32(p)}");
                }
                break;
            case FileOpKind.LeaseWrite:
            {
                byte[] data = op.Data();
                if (Expect(at, model.Inside(p, op.Length), () =>
                {
                    using var lease = file.Lease(p, op.Length);
                    data.CopyTo(lease.Memory.Span);
                }))
                {
                    data.CopyTo(model.Bytes, p);
                }
                break;
            }
            case FileOpKind.LeaseRead:
                if (model.Inside(p, op.Length))
                {
                    using var lease = file.Lease(p, op.Length);
                    Assert.True(model.Bytes.AsSpan((int)p, op.Length).SequenceEqual(lease.Memory.Span), $"{at}: the lease holds other bytes");
                }
                else
                {
                    Assert.Throws<ArgumentOutOfRangeException>(() => file.Lease(p, op.Length));
                }
                break;
            case FileOpKind.Resize:
                file.Resize(op.Value);
                model.SetLength(op.Value);
                break;
            case FileOpKind.Flush:
                file.Flush();
                break;
            case FileOpKind.Reopen:
                file.Dispose();
                Assert.True(model.Bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{at}: the file differs from the model after dispose");
                file = MappedFile.Open(path, Options);
                model.Position = 0;
                break;
        }
        return file;
    }

    /// <summary>Runs <paramref name="call"/>: it must succeed when <paramref name="valid"/>, else throw <see cref="ArgumentOutOfRangeException"/>.</summary>
    private static bool Expect(string at, bool valid, Action call)
    {
        Exception? ex = Record.Exception(call);
        if (valid)
        {
            Assert.True(ex is null, $"{at}: threw {ex}");
        }
        else
        {
            Assert.True(ex is ArgumentOutOfRangeException, $"{at}: expected ArgumentOutOfRangeException, got {ex?.GetType().Name ?? "success"}");
        }
        return valid;
    }

    /// <summary>An atomic: out of range throws <see cref="ArgumentOutOfRangeException"/> (atomics never grow), misaligned <see cref="ArgumentException"/>.</summary>
    private static bool ExpectAtomic(string at, FileModel model, long position, int size, Func<long> call, out long result)
    {
        result = 0;
        long value = 0;
        Exception? ex = Record.Exception(() => value = call());
        if (!model.Inside(position, size))
        {
            Assert.True(ex is ArgumentOutOfRangeException, $"{at}: expected ArgumentOutOfRangeException, got {ex?.GetType().Name ?? "success"}");
            return false;
        }
        if (position % size != 0)
        {
            Assert.True(ex?.GetType() == typeof(ArgumentException), $"{at}: expected ArgumentException (misaligned), got {ex?.GetType().Name ?? "success"}");
            return false;
        }
        Assert.True(ex is null, $"{at}: threw {ex}");
        result = value;
        return true;
    }
}
