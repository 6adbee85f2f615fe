namespace Emmap.Generators.Tests.Infrastructure;

/// <summary>User code the in-memory tests compile: one layout per member kind and placement.</summary>
internal static class Sources
{
    /// <summary>The README's example layout, in a file-scoped namespace.</summary>
    public const string ServiceStats = """
        using Emmap;

        namespace Demo;

        /// <summary>Live statistics of a service.</summary>
        [MappedLayout(Size = 128)]
        public partial struct ServiceStats
        {
            /// <summary>Requests served.</summary>
            [AtomicCounter(0)] public partial long Requests { get; }

            /// <summary>Requests that failed.</summary>
            [AtomicCounter(64)] public partial long Errors { get; }

            /// <summary>The service state.</summary>
            [Field(8)] public partial int State { get; set; }

            /// <summary>The latency of the last request.</summary>
            [Field(16)] public partial double LastLatencyMs { get; set; }
        }
        """;

    /// <summary>A layout holding another layout and an array of layouts, in a block namespace, readonly.</summary>
    public const string Nested = """
        using Emmap;

        namespace Demo.Shapes
        {
            /// <summary>A point.</summary>
            [MappedLayout]
            public partial struct Point
            {
                /// <summary>X.</summary>
                [Field(0)] public partial int X { get; set; }

                /// <summary>Y.</summary>
                [Field(4)] public partial int Y { get; set; }
            }

            /// <summary>A shape.</summary>
            [MappedLayout(Size = 64)]
            public readonly partial struct Shape
            {
                /// <summary>Where the shape is.</summary>
                [Field(0)] public partial Point Origin { get; }

                /// <summary>Its corners.</summary>
                [Field(8, Length = 4)] public partial LayoutArray<Point> Corners { get; }
            }
        }
        """;

    /// <summary>Every scalar type, an enum, arrays of primitives and enums, a uint counter, accessor modifiers.</summary>
    public const string Kinds = """
        using Emmap;

        namespace Demo.Kinds;

        /// <summary>Health.</summary>
        public enum Health : byte
        {
            /// <summary>Unknown.</summary>
            Unknown,
            /// <summary>Up.</summary>
            Up,
            /// <summary>Down.</summary>
            Down,
        }

        [MappedLayout]
        internal partial struct Sample
        {
            [Field(0)] public partial bool Enabled { get; set; }
            [Field(1)] public partial Health Health { get; set; }
            [Field(2)] public partial char Grade { get; set; }
            [Field(4)] public partial float Ratio { get; set; }
            [Field(8)] public partial double Mean { get; set; }
            [Field(16)] public partial uint Flags { get; private set; }
            [Field(20, Length = 3)] public partial MappedArray<short> Recent { get; }
            [AtomicCounter(32)] internal partial uint Hits { get; }
            [Field(36, Length = 4)] public partial MappedArray<Health> History { get; }
            [Field(40)] public partial sbyte Tiny { get; set; }
            [Field(41)] public partial byte Small { get; set; }
            [Field(42)] public partial ushort Port { get; set; }
            [Field(44)] public partial int Signed { get; set; }
            [Field(48)] public partial ulong Big { get; set; }
        }
        """;

    /// <summary>A layout in the global namespace, nested in a static class and a record, with a member named like a reserved one.</summary>
    public const string GlobalNested = """
        using Emmap;

        /// <summary>Outer.</summary>
        public static partial class Outer
        {
            /// <summary>Inner.</summary>
            public partial record Inner
            {
                /// <summary>A slot.</summary>
                [MappedLayout]
                public partial struct Slot
                {
                    /// <summary>Version.</summary>
                    [AtomicCounter(0)] public partial ulong Version { get; }

                    /// <summary>The payload size, a user member named like IMappedLayout's Size.</summary>
                    [Field(8)] public partial long Size { get; set; }
                }
            }
        }
        """;

    /// <summary>Counter arrays: one element per cache line, packed, and internal; a field between them.</summary>
    public const string Histogram = """
        using Emmap;

        namespace Demo.Counters;

        /// <summary>A latency histogram.</summary>
        [MappedLayout]
        public partial struct Histogram
        {
            /// <summary>Requests per worker, each on its own cache line.</summary>
            [AtomicCounter(0, Length = 4, Stride = 64)] public partial AtomicCounterArray<long> PerWorker { get; }

            /// <summary>The state.</summary>
            [Field(256)] public partial int State { get; set; }

            /// <summary>Buckets, two cache lines apart.</summary>
            [AtomicCounter(320, Length = 2, Stride = 128)] internal partial AtomicCounterArray<uint> Buckets { get; }
        }
        """;

    /// <summary>A layout with a sequence lock, a nested layout without one, an array, a counter array and a get-only field.</summary>
    public const string Guarded = """
        using Emmap;

        namespace Demo.Locked;

        /// <summary>A range.</summary>
        [MappedLayout]
        public partial struct Range
        {
            /// <summary>The low end.</summary>
            [Field(0)] public partial long Low { get; set; }

            /// <summary>The high end.</summary>
            [Field(8)] public partial long High { get; set; }
        }

        /// <summary>State kept consistent by a sequence lock.</summary>
        [MappedLayout(Size = 256)]
        internal partial struct Guarded
        {
            /// <summary>The lock.</summary>
            [SequenceLock(0)] public partial SequenceLock Lock { get; }

            /// <summary>Requests served.</summary>
            [AtomicCounter(64)] public partial long Requests { get; }

            /// <summary>The state.</summary>
            [Field(16)] public partial int State { get; set; }

            /// <summary>Whether it is open (read-only here).</summary>
            [Field(20)] internal partial bool Open { get; }

            /// <summary>The accepted range.</summary>
            [Field(24)] public partial Range Accepted { get; }

            /// <summary>Recent samples.</summary>
            [Field(40, Length = 3)] public partial MappedArray<short> Recent { get; }

            /// <summary>Buckets, a cache line each.</summary>
            [AtomicCounter(128, Length = 2, Stride = 64)] public partial AtomicCounterArray<int> Buckets { get; }
        }
        """;

    /// <summary>A layout with an error (a misaligned counter): the generator writes a shell.</summary>
    public const string Misaligned = """
        using Emmap;

        namespace Demo.Broken;

        /// <summary>Broken.</summary>
        [MappedLayout]
        public partial struct Broken
        {
            /// <summary>Misaligned: 8-byte counter at offset 4.</summary>
            [AtomicCounter(4)] public partial long Hits { get; }

            /// <summary>A field.</summary>
            [Field(16)] public partial int State { get; set; }
        }
        """;
}
