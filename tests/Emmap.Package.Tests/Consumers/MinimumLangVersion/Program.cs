// Builds with <LangVersion>13</LangVersion>: the generated accessors need nothing newer.
using System.Globalization;
using Emmap;
using MinimumLangVersion;

string dir = Directory.CreateTempSubdirectory("emmap-consumer-").FullName;
try
{
    using var file = LayoutFile<Everything>.Open(Path.Combine(dir, "everything"));
    Everything e = file.Layout;
    e.Enabled = true;
    e.Tiny = -5;
    e.Grade = 'A';
    e.Ratio = 0.25f;
    e.Mean = 2.5;
    e.Health = Health.Down;
    e.Port = 8080;
    e.Small = 200;
    e.Big = ulong.MaxValue;
    // Nested views and arrays are views too: take one, write through it.
    MappedArray<int> samples = e.Samples;
    samples[2] = 7;
    Point origin = e.Origin;
    origin.X = 3;
    Point corner = e.Corners[1];
    corner.Y = 9;
    e.GetAndAddHits(10);
    long hitsBefore = e.GetAndIncrementHits();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"everything: {e.Enabled} {e.Tiny} {e.Grade} {e.Ratio} {e.Mean} {e.Health} {e.Port} {e.Small} {e.Big} samples={string.Join(",", e.Samples.ToArray())} origin={e.Origin.X},{e.Origin.Y} corner1={e.Corners[1].X},{e.Corners[1].Y} hits={hitsBefore}->{e.Hits} size={Everything.Size} alignment={Everything.Alignment}"));

    using var countersFile = LayoutFile<SmallCounters>.Open(Path.Combine(dir, "counters"));
    SmallCounters c = countersFile.Layout;
    c.GetAndDecrementInt32Counter();
    c.GetAndOrUInt32Counter(0b101);
    c.CompareExchangeUInt64Counter(99, 0);
    Console.WriteLine($"counters: {c.Int32Counter} {c.UInt32Counter} {c.UInt64Counter}");
}
finally
{
    Directory.Delete(dir, recursive: true);
}
