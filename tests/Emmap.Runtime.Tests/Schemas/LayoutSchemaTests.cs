using System.Text;
using Emmap.Runtime.Tests.Reliability;
using Emmap.Tests.Shared;

namespace Emmap.Runtime.Tests.Schemas;

/// <summary>
/// The schema the generator writes agrees with the members it lists, round-trips through its binary
/// form, carries former names; and a schema that is truncated, inconsistent or lies is refused with a
/// message that says what is wrong.
/// </summary>
public sealed class LayoutSchemaTests
{
    private static IReadOnlyList<LayoutMemberInfo> MembersOf<T>() where T : struct, IMappedLayout<T> => T.Members;

    private static void AssertAgrees(IReadOnlyList<LayoutMemberInfo> members, LayoutSchema schema)
    {
        Assert.Equal(members.Select(m => (m.Name, m.Kind, m.Offset, m.Size, m.Length, m.Stride)),
            schema.Members.Select(m => (m.Name, m.Kind, m.Offset, m.Size, m.Length, m.Stride)));
        for (int i = 0; i < members.Count; i++)
        {
            LayoutMemberInfo info = members[i];
            LayoutSchemaMember member = schema.Members[i];
            if (info.Kind is LayoutMemberKind.Nested or LayoutMemberKind.LayoutArray)
            {
                Assert.Equal(TypeCode.Empty, member.Storage);
                Assert.Equal(info.Type.Name, member.TypeName);
                AssertAgrees(info.Members, member.Nested!);
            }
            else
            {
                Type stored = info.Type.IsEnum ? Enum.GetUnderlyingType(info.Type) : info.Type;
                Assert.Equal(Type.GetTypeCode(stored), member.Storage);
                Assert.Equal(info.Type.IsEnum ? info.Type.FullName : string.Empty, member.TypeName);
                Assert.Null(member.Nested);
            }
        }
    }

    [Fact]
    public void TheGeneratedSchemaAgreesWithTheGeneratedMemberListForEveryKind()
    {
        LayoutSchema schema = LayoutSchema.Of<SchemaLayout>();
        Assert.Equal(SchemaLayout.Size, schema.Size);
        AssertAgrees(MembersOf<SchemaLayout>(), schema);
        Assert.Equal(
            [LayoutMemberKind.AtomicCounter, LayoutMemberKind.Field, LayoutMemberKind.Nested, LayoutMemberKind.LayoutArray, LayoutMemberKind.AtomicCounterArray],
            schema.Members.Select(m => m.Kind));
        Assert.Equal("enum Emmap.Runtime.Tests.Reliability.SchemaState : Byte", schema.Members[1].TypeText);
        AssertAgrees(MembersOf<ServiceStats>(), LayoutSchema.Of<ServiceStats>());
        AssertAgrees(MembersOf<MachineStats>(), LayoutSchema.Of<MachineStats>());
    }

    [Fact]
    public void TheBinaryFormRoundTripsByteForByte()
    {
        foreach (byte[] bytes in new[] { Bytes<SchemaLayout>(), Bytes<ServiceStats>(), Bytes<EvolvingStatsV3>(), Bytes<MachineStats>() })
        {
            Assert.Equal(bytes, LayoutSchema.Parse(bytes).ToBytes());
        }
    }

    private static byte[] Bytes<T>() where T : struct, IMappedLayout<T> => T.Schema.ToArray();

    [Fact]
    public void FormerNamesAreCarriedIntoTheSchemaButNotTheHash()
    {
        LayoutSchema v3 = LayoutSchema.Of<EvolvingStatsV3>();
        Assert.Equal(["State"], v3.Members.Single(m => m.Name == "Phase").FormerNames);
        Assert.All(v3.Members.Where(m => m.Name != "Phase"), m => Assert.Empty(m.FormerNames));
        Assert.NotEqual(EvolvingStatsV2.LayoutHash, EvolvingStatsV3.LayoutHash); // the name changed
    }

    [Fact]
    public void ALayoutWrittenByHandHasAnOpaqueSchemaOfItsSize()
    {
        LayoutSchema schema = LayoutSchema.Of<TestLayout>();
        Assert.True(schema.IsOpaque);
        Assert.Equal(16, schema.Size);
        Assert.Empty(schema.Members);
    }

    /// <summary>A schema written out by hand: size, then members as (kind, type code, offset, size, length, stride, name).</summary>
    private static byte[] Schema(int size, params (int Kind, int Storage, int Offset, int Size, int Length, int Stride, string Name)[] members)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes(size));
        bytes.AddRange(BitConverter.GetBytes((ushort)members.Length));
        foreach (var m in members)
        {
            bytes.Add((byte)m.Kind);
            bytes.Add((byte)m.Storage);
            foreach (int v in new[] { m.Offset, m.Size, m.Length, m.Stride })
            {
                bytes.AddRange(BitConverter.GetBytes(v));
            }
            byte[] name = Encoding.UTF8.GetBytes(m.Name);
            bytes.AddRange(BitConverter.GetBytes((ushort)name.Length));
            bytes.AddRange(name);
            bytes.AddRange([0, 0, 0]); // no type name, no former names
        }
        return [.. bytes];
    }

    public static TheoryData<string, byte[], string> BadSchemas() => new()
    {
        { "empty", [], "the schema ends inside the layout's size and member count" },
        { "truncated member", Schema(16, (1, 11, 0, 8, 0, 0, "Requests"))[..30], "the schema ends inside the layout's member 0's name (it needs 8 bytes at byte 26" },
        { "giant count", [16, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3], "a member count of 65535, more than its remaining 3 bytes can hold" },
        { "size past int", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0], "size is 4294967295 bytes, past the largest layout" },
        { "overlap", Schema(16, (1, 11, 0, 8, 0, 0, "A"), (0, 9, 4, 4, 0, 0, "B")), "members A (bytes 0 to 8) and B (from byte 4) overlap" },
        { "offset past size", Schema(16, (1, 11, 12, 8, 0, 0, "A")), "is at offset 12 with size 8 (length 0, stride 0), which does not fit in the layout's 16 bytes" },
        { "negative offset", Schema(16, (1, 11, -8, 8, 0, 0, "A")), "is at offset -8" },
        { "unknown kind", Schema(16, (200, 11, 0, 8, 0, 0, "A")), "has kind 200, which this version of Emmap does not know" },
        { "bad type code", Schema(16, (0, 2, 0, 8, 0, 0, "A")), "is a Field with type code 2" },
        { "size lies", Schema(16, (0, 11, 0, 4, 0, 0, "A")), "a 8-byte value has size 4, length 0, stride 0" },
        { "array lies", Schema(64, (3, 11, 0, 16, 4, 8, "A")), "an array of 8-byte elements has size 16, length 4, stride 8" },
        { "counter array lies", Schema(256, (5, 11, 0, 72, 2, 60, "A")), "an array of 8-byte counters has size 72, length 2, stride 60" },
        { "duplicate name", Schema(16, (0, 11, 0, 8, 0, 0, "A"), (0, 11, 8, 8, 0, 0, "A")), "has the name 'A' twice" },
        { "empty name", Schema(16, (0, 11, 0, 8, 0, 0, "")), "has an empty name" },
        { "bad UTF-8", [.. Schema(16, (0, 11, 0, 8, 0, 0, "AB"))[..26], 0xC3, 0x28, 0, 0, 0], "name is not valid UTF-8" },
        { "trailing bytes", [.. Schema(16, (0, 11, 0, 8, 0, 0, "A")), 7], "has 1 bytes after its end" },
        { "nested lies", NestedLie(), "a nested layout of 8 bytes has size 16" },
        { "too deep", TooDeep(LayoutSchema.MaxDepth + 2), "nests layouts more than 16 deep" },
    };

    private static byte[] NestedLie()
    {
        byte[] outer = Schema(16, (2, 0, 0, 16, 0, 0, "Inner"));
        return [.. outer, .. Schema(8, (0, 9, 0, 4, 0, 0, "X"))];
    }

    private static byte[] TooDeep(int depth)
    {
        byte[] schema = Schema(8, (0, 11, 0, 8, 0, 0, "X"));
        for (int i = 0; i < depth; i++)
        {
            schema = [.. Schema(8, (2, 0, 0, 8, 0, 0, "N")), .. schema];
        }
        return schema;
    }

    [Theory]
    [MemberData(nameof(BadSchemas))]
    public void ABadSchemaIsAFormatErrorSayingWhatIsWrong(string name, byte[] bytes, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LayoutSchema.Parse(bytes));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: '{e.Message}' lacks '{expected}'");
    }

    [Fact]
    public void AKindAddedLaterParsesOnceTheRuntimeKnowsIt()
    {
        // Kinds travel as numbers checked against LayoutMemberKind, so a new kind needs no format change:
        // every defined value parses (a one-word member of the value's size), the next undefined one does not.
        int next = Enum.GetValues<LayoutMemberKind>().Max(k => (int)k) + 1;
        var e = Assert.Throws<FormatException>(() => LayoutSchema.Parse(Schema(16, (next, 11, 0, 8, 0, 0, "Word"))));
        Assert.Contains($"has kind {next}", e.Message);
        Assert.Equal(LayoutMemberKind.AtomicCounter, LayoutSchema.Parse(Schema(16, (1, 11, 0, 8, 0, 0, "Word"))).Members[0].Kind);
    }
}
