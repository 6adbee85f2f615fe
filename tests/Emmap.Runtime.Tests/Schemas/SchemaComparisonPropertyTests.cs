using CsCheck;

namespace Emmap.Runtime.Tests.Schemas;

/// <summary>
/// Property tests of <see cref="LayoutSchema.Compare"/>: random layouts, random edits of them, and the
/// verdict checked against a model of what each edit is. Compatible additions (in a gap, past the
/// end, renames with the former name declared) upgrade; removals and a smaller size make a subset;
/// any move, resize, retype or undeclared rename is refused and named; additions and removals
/// together are refused. The binary form round-trips every generated schema.
/// </summary>
public sealed class SchemaComparisonPropertyTests
{
    private static readonly TypeCode[] Eight = [TypeCode.Int64, TypeCode.UInt64, TypeCode.Double];
    private static readonly TypeCode[] Four = [TypeCode.Int32, TypeCode.UInt32, TypeCode.Single];

    private enum EditClass
    {
        None,
        Upgrade,
        Subset,
        Mixed,
        Incompatible,
    }

    private enum Breaking
    {
        Move,
        Resize,
        Retype,
        Rename,
    }

    /// <summary>A random valid layout: 1 to 8 members of 8 or 4 bytes (or arrays of them), 8-aligned, with random gaps.</summary>
    private static LayoutSchema RandomLayout(Random random)
    {
        var members = new List<LayoutSchemaMember>();
        int offset = 0;
        int count = random.Next(1, 9);
        for (int i = 0; i < count; i++)
        {
            offset += 8 * random.Next(0, 3); // a gap, sometimes
            members.Add(RandomMember(random, "M" + i, offset));
            offset += (members[^1].Size + 7) / 8 * 8;
        }
        return new LayoutSchema(offset + 8 * random.Next(0, 3), members);
    }

    private static LayoutSchemaMember RandomMember(Random random, string name, int offset)
    {
        bool wide = random.Next(2) == 0;
        TypeCode storage = (wide ? Eight : Four)[random.Next(3)];
        int size = wide ? 8 : 4;
        return random.Next(3) switch
        {
            0 => Member(name, LayoutMemberKind.Field, storage, offset, size),
            1 => Member(name, LayoutMemberKind.AtomicCounter, wide ? TypeCode.Int64 : TypeCode.Int32, offset, size),
            _ => Array(name, storage, offset, size, random.Next(2, 5)),
        };
    }

    private static LayoutSchemaMember Member(string name, LayoutMemberKind kind, TypeCode storage, int offset, int size, IReadOnlyList<string>? former = null) =>
        new(name, kind, storage, string.Empty, offset, size, 0, 0, former ?? [], null);

    private static LayoutSchemaMember Array(string name, TypeCode storage, int offset, int elementSize, int length) =>
        new(name, LayoutMemberKind.Array, storage, string.Empty, offset, elementSize * length, length, elementSize, [], null);

    private static LayoutSchemaMember With(LayoutSchemaMember m, string? name = null, int? offset = null, TypeCode? storage = null, int? length = null, IReadOnlyList<string>? former = null)
    {
        int len = length ?? m.Length;
        return new LayoutSchemaMember(name ?? m.Name, m.Kind, storage ?? m.Storage, m.TypeName, offset ?? m.Offset,
            m.Kind == LayoutMemberKind.Array ? m.Stride * len : m.Size, len, m.Stride, former ?? m.FormerNames, m.Nested);
    }

    private static int End(IEnumerable<LayoutSchemaMember> members) => members.Select(m => m.Offset + m.Size).DefaultIfEmpty(0).Max();

    /// <summary>An 8-aligned gap of 8 bytes no member uses, inside the size; -1 when there is none.</summary>
    private static int Gap(LayoutSchema schema)
    {
        for (int at = 0; at + 8 <= schema.Size; at += 8)
        {
            if (!schema.Members.Any(m => m.Offset < at + 8 && at < m.Offset + m.Size))
            {
                return at;
            }
        }
        return -1;
    }

    /// <summary>Applies random edits of one class; returns the edited layout and the members a breaking edit touched, with how.</summary>
    private static (LayoutSchema Edited, List<(Breaking How, string Name)> Broken, EditClass Applied) Edit(LayoutSchema file, EditClass edit, Random random)
    {
        var members = file.Members.ToList();
        int size = file.Size;
        var broken = new List<(Breaking, string)>();
        int added = 0;
        void AddPastEnd()
        {
            int at = (Math.Max(size, End(members)) + 7) / 8 * 8;
            members.Add(Member("Added" + added++, LayoutMemberKind.AtomicCounter, TypeCode.Int64, at, 8));
            size = at + 8;
        }
        void Upgrade()
        {
            switch (random.Next(4))
            {
                case 0:
                    AddPastEnd();
                    break;
                case 1 when Gap(new LayoutSchema(size, members)) is int gap and >= 0:
                    members.Add(Member("Added" + added++, LayoutMemberKind.Field, TypeCode.Double, gap, 8));
                    break;
                case 2 when members.FindIndex(m => m.Name.StartsWith('M') && m.FormerNames.Count == 0) is int i and >= 0:
                    members[i] = With(members[i], name: "Renamed" + members[i].Name, former: [members[i].Name]);
                    break;
                default:
                    size += 8 * random.Next(1, 3);
                    break;
            }
        }
        void Subset()
        {
            if (members.Count > 1 && random.Next(2) == 0)
            {
                members.RemoveAt(random.Next(members.Count));
            }
            else if (size > End(members))
            {
                size = End(members) + random.Next(0, size - End(members));
            }
            else
            {
                edit = EditClass.None; // one member and no padding: nothing can be taken away
            }
        }
        switch (edit)
        {
            case EditClass.Upgrade:
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    Upgrade();
                }
                if (members.SequenceEqual(file.Members) && size == file.Size)
                {
                    AddPastEnd();
                }
                break;
            case EditClass.Subset:
                Subset();
                break;
            case EditClass.Mixed:
                members.RemoveAt(random.Next(members.Count));
                AddPastEnd();
                break;
            case EditClass.Incompatible:
                int victim = random.Next(members.Count);
                LayoutSchemaMember m = members[victim];
                var how = (Breaking)random.Next(4);
                if (how == Breaking.Resize && m.Kind != LayoutMemberKind.Array)
                {
                    how = Breaking.Retype;
                }
                switch (how)
                {
                    case Breaking.Move:
                        int at = (Math.Max(size, End(members)) + 7) / 8 * 8;
                        members[victim] = With(m, offset: at);
                        size = at + m.Size;
                        break;
                    case Breaking.Resize:
                        members[victim] = With(m, length: m.Length - 1);
                        break;
                    case Breaking.Retype:
                        TypeCode[] same = m.Size % 8 == 0 && m.Stride != 4 ? Eight : Four;
                        members[victim] = m.Kind == LayoutMemberKind.AtomicCounter
                            ? new LayoutSchemaMember(m.Name, LayoutMemberKind.Field, m.Storage, m.TypeName, m.Offset, m.Size, 0, 0, [], null)
                            : With(m, storage: same.First(t => t != m.Storage));
                        break;
                    default:
                        members[victim] = With(m, name: "Other" + m.Name);
                        break;
                }
                broken.Add((how, members[victim].Name));
                if (random.Next(2) == 0)
                {
                    AddPastEnd(); // a compatible change beside it does not make it compatible
                }
                break;
        }
        return (new LayoutSchema(size, [.. members.OrderBy(x => x.Offset)]), broken, edit);
    }

    private static readonly Gen<(int Seed, EditClass Edit)> Cases = Gen.Select(Gen.Int, Gen.Enum<EditClass>());

    [Fact]
    public void TheVerdictAndTheNamedChangesFollowTheModelOfEachEdit()
    {
        Cases.Sample(c =>
        {
            var random = new Random(c.Seed);
            LayoutSchema file = RandomLayout(random);
            (LayoutSchema layout, List<(Breaking How, string Name)> broken, EditClass applied) = Edit(file, c.Edit, random);
            Assert.Equal(layout.ToBytes(), LayoutSchema.Parse(layout.ToBytes()).ToBytes());

            LayoutComparison comparison = LayoutSchema.Compare(file, layout);
            LayoutVerdict expected = applied switch
            {
                EditClass.None => LayoutVerdict.Identical,
                EditClass.Upgrade => LayoutVerdict.Upgrade,
                EditClass.Subset => LayoutVerdict.Subset,
                _ => LayoutVerdict.Incompatible,
            };
            string described = $"{applied}: {string.Join("; ", comparison.Changes)}\nfile:\n{file}\nlayout:\n{layout}";
            Assert.True(expected == comparison.Verdict, $"expected {expected}, got {comparison.Verdict}. {described}");
            foreach ((Breaking how, string name) in broken)
            {
                LayoutChangeKind kind = how switch
                {
                    Breaking.Move => LayoutChangeKind.Moved,
                    Breaking.Resize => LayoutChangeKind.Resized,
                    Breaking.Retype => LayoutChangeKind.Retyped,
                    _ => LayoutChangeKind.Renamed,
                };
                Assert.True(comparison.Changes.Any(x => x.Kind == kind && x.Member == name && !x.IsCompatible), $"no incompatible {kind} of {name}. {described}");
            }
            if (expected is LayoutVerdict.Upgrade or LayoutVerdict.Subset)
            {
                Assert.All(comparison.Changes, x => Assert.True(x.IsCompatible, $"{x} is not compatible. {described}"));
            }

            // Reversed, a compatible upgrade is a subset: the old layout opens the upgraded file.
            if (expected == LayoutVerdict.Upgrade)
            {
                Assert.Equal(LayoutVerdict.Subset, LayoutSchema.Compare(layout, file).Verdict);
            }
        }, iter: 2000);
    }
}
