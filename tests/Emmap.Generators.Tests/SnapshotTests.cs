using Emmap.Generators.Tests.Infrastructure;

namespace Emmap.Generators.Tests;

/// <summary>The generated source for each kind of layout, compared to <c>Snapshots/</c> and compiled without a diagnostic.</summary>
public class SnapshotTests
{
    [Fact]
    public Task ServiceStats() => Snapshot.VerifyAsync(Sources.ServiceStats, "Demo.ServiceStats.g.cs", "Demo.ServiceStats.Snapshot.g.cs");

    [Fact]
    public Task NestedLayoutAndLayoutArray() => Snapshot.VerifyAsync(Sources.Nested, "Demo.Shapes.Point.g.cs", "Demo.Shapes.Point.Snapshot.g.cs", "Demo.Shapes.Shape.g.cs", "Demo.Shapes.Shape.Snapshot.g.cs");

    [Fact]
    public Task EveryScalarTypeEnumsAndArrays() => Snapshot.VerifyAsync(Sources.Kinds, "Demo.Kinds.Sample.g.cs", "Demo.Kinds.Sample.Snapshot.g.cs");

    [Fact]
    public Task CounterArrays() => Snapshot.VerifyAsync(Sources.Histogram, "Demo.Counters.Histogram.g.cs", "Demo.Counters.Histogram.Snapshot.g.cs");

    [Fact]
    public Task SequenceLockedLayout() =>
        Snapshot.VerifyAsync(Sources.Guarded, "Demo.Locked.Guarded.g.cs", "Demo.Locked.Guarded.Snapshot.g.cs", "Demo.Locked.Range.g.cs", "Demo.Locked.Range.Snapshot.g.cs");

    [Fact]
    public Task GlobalNamespaceNestedTypesAndTakenReservedName() => Snapshot.VerifyAsync(Sources.GlobalNested, "Outer.Inner.Slot.g.cs", "Outer.Inner.Slot.Snapshot.g.cs");
}
