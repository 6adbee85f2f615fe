using Emmap.Generators.Tests.Layouts;

namespace Emmap.Generators.Tests;

/// <summary>
/// <c>IMappedLayout&lt;T&gt;.Members</c> as the generator writes it, read at run time: every member
/// with the name, kind, offset, size and type the accessors use, nested layouts and layout arrays
/// with their own members, and the offsets agreeing with the bytes the accessors touch.
/// </summary>
public sealed class MemberListTests
{
    [Fact]
    public void ServiceStatsListsCountersAndFieldsInOffsetOrder()
    {
        IReadOnlyList<LayoutMemberInfo> members = MembersOf<ServiceStats>();
        Assert.Equal(
            ["Requests: AtomicCounter Int64 at 0 (8 bytes)", "State: Field Int32 at 8 (4 bytes)",
             "LastLatencyMs: Field Double at 16 (8 bytes)", "Errors: AtomicCounter Int64 at 64 (8 bytes)"],
            members.Select(m => m.ToString()));
    }

    [Fact]
    public void EnumsKeepTheirTypeAndArraysCarryElementTypeAndLength()
    {
        IReadOnlyList<LayoutMemberInfo> members = MembersOf<AllKinds>();
        LayoutMemberInfo health = members.Single(m => m.Name == "Health");
        Assert.Equal((LayoutMemberKind.Field, 16, 2, typeof(Health)), (health.Kind, health.Offset, health.Size, health.Type));
        LayoutMemberInfo history = members.Single(m => m.Name == "HealthHistory");
        Assert.Equal((LayoutMemberKind.Array, 68, 4, typeof(Health), 2), (history.Kind, history.Offset, history.Size, history.Type, history.Length));
        LayoutMemberInfo counter = members.Single(m => m.Name == "UInt64Counter");
        Assert.Equal((LayoutMemberKind.AtomicCounter, 48, 8, typeof(ulong)), (counter.Kind, counter.Offset, counter.Size, counter.Type));
        Assert.Equal(16, members.Count);
        Assert.Equal(members.OrderBy(m => m.Offset).Select(m => m.Name), members.Select(m => m.Name));
    }

    [Fact]
    public void NestedLayoutsAndLayoutArraysCarryTheirMembers()
    {
        IReadOnlyList<LayoutMemberInfo> members = MembersOf<Shape>();
        LayoutMemberInfo origin = members.Single(m => m.Name == "Origin");
        Assert.Equal((LayoutMemberKind.Nested, 8, 8, typeof(Point)), (origin.Kind, origin.Offset, origin.Size, origin.Type));
        Assert.Equal(["X", "Y"], origin.Members.Select(m => m.Name));
        LayoutMemberInfo corners = members.Single(m => m.Name == "Corners");
        Assert.Equal((LayoutMemberKind.LayoutArray, 16, 32, typeof(Point), 4), (corners.Kind, corners.Offset, corners.Size, corners.Type, corners.Length));
        Assert.Equal([0, 4], corners.Members.Select(m => m.Offset));
    }

    [Fact]
    public void OffsetsAreWhereTheAccessorsWrite()
    {
        using MappedFile file = MappedFile.CreateAnonymous(4096);
        AllKinds layout = file.Bind<AllKinds>(0);
        layout.Big = 0x0102030405060708UL;
        layout.Health = Health.Down;
        LayoutMemberInfo big = MembersOf<AllKinds>().Single(m => m.Name == "Big");
        LayoutMemberInfo health = MembersOf<AllKinds>().Single(m => m.Name == "Health");
        Assert.Equal(0x0102030405060708L, file.ReadVolatileInt64(big.Offset));
        Assert.Equal((short)Health.Down, BitConverter.ToInt16(file.ReadAt(health.Offset, 2)));
    }

    private static IReadOnlyList<LayoutMemberInfo> MembersOf<T>() where T : struct, IMappedLayout<T> => T.Members;
}
