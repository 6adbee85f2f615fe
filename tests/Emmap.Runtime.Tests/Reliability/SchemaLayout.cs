namespace Emmap.Runtime.Tests.Reliability;

/// <summary>The states of <see cref="SchemaLayout.State"/>: an enum with a one-byte underlying type, so the schema names it.</summary>
public enum SchemaState : byte
{
    Idle = 0,
    Busy = 1,
}

/// <summary>
/// A generated layout with every kind of member (counter, enum field, nested layout, array of
/// layouts, counter array), for fuzzing the schema a layout file stores.
/// </summary>
[MappedLayout(AllowFalseSharing = true)]
public partial struct SchemaLayout
{
    [AtomicCounter(0)] public partial long Requests { get; }

    [Field(8)] public partial SchemaState State { get; set; }

    [Field(16)] public partial ArrayPoint Origin { get; }

    [Field(24, Length = 2)] public partial LayoutArray<ArrayPoint> Points { get; }

    [AtomicCounter(64, Length = 2, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }
}
