using Emmap.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Emmap.Generators.Tests;

/// <summary>
/// The pipeline caches: an edit that changes no layout leaves every step Cached or Unchanged, and
/// an edit to one layout regenerates that layout alone.
/// </summary>
public class IncrementalTests
{
    private const string Unrelated = """
        namespace Demo.Other;

        /// <summary>Unrelated code.</summary>
        public static class Helper
        {
            /// <summary>A method.</summary>
            /// <returns>A number.</returns>
            public static int Compute() => 1;
        }
        """;

    private static readonly string[] OurSteps = { TrackingNames.Layouts, TrackingNames.Emitted };

    [Fact]
    public void AnUnchangedCompilationIsCachedThroughout() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation => (CSharpCompilation)compilation.Clone()));

    [Fact]
    public void ANewUnrelatedFileRegeneratesNothing() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation =>
            compilation.AddSyntaxTrees(Parse("namespace Demo.More; internal static class Extra { }", "Extra.cs"))));

    [Fact]
    public void AnEditInAMethodBodyElsewhereRegeneratesNothing() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation =>
            Replace(compilation, "User2.cs", Unrelated.Replace("=> 1;", "=> 2 + 3;"))));

    [Fact]
    public void AnEditInsideALayoutThatKeepsItsModelRegeneratesNothing() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Sources.ServiceStats.Replace("Requests served.", "Requests served, ever."))));

    [Fact]
    public void EditingOneOfTwoLayoutsRegeneratesOnlyThatOne()
    {
        GeneratorRunResult result = RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Sources.ServiceStats.Replace("[Field(8)] public partial int State", "[Field(12)] public partial int State")));

        Dictionary<string, IncrementalStepRunReason> outputs = OutputReasons(result);
        Assert.Equal(IncrementalStepRunReason.Modified, outputs["ServiceStats"]);
        Assert.Contains(outputs["Sample"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("Read<int>(12)", result.GeneratedSources.Single(s => s.HintName == "Demo.ServiceStats.g.cs").SourceText.ToString());
    }

    [Fact]
    public void AnEditInsideACounterArrayLayoutThatKeepsItsModelRegeneratesNothing() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Sources.Histogram.Replace("Requests per worker", "Requests served per worker")), Sources.Histogram));

    [Fact]
    public void ChangingACounterArraysStrideRegeneratesOnlyItsLayout()
    {
        GeneratorRunResult result = RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Sources.Histogram.Replace("Length = 4, Stride = 64", "Length = 4, Stride = 32")), Sources.Histogram);

        Dictionary<string, IncrementalStepRunReason> outputs = OutputReasons(result);
        Assert.Equal(IncrementalStepRunReason.Modified, outputs["Histogram"]);
        Assert.Contains(outputs["Sample"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("(__emmapView.Slice(0), 4, 32)", result.GeneratedSources.Single(s => s.HintName == "Demo.Counters.Histogram.g.cs").SourceText.ToString());
    }

    private const string Locked = """
        using Emmap;

        namespace Demo.Locked;

        /// <summary>State under a sequence lock.</summary>
        [MappedLayout(Size = 64)]
        public partial struct Ticket
        {
            /// <summary>The lock.</summary>
            [SequenceLock(0)] public partial SequenceLock Lock { get; }

            /// <summary>The number.</summary>
            [Field(16)] public partial long Number { get; set; }

            /// <summary>Recent numbers.</summary>
            [Field(24, Length = 2)] public partial MappedArray<long> Recent { get; }
        }
        """;

    [Fact]
    public void AnEditInsideASequenceLockedLayoutThatKeepsItsModelRegeneratesNothing() =>
        AssertNothingRegenerated(RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Locked.Replace("The number.", "The ticket number.")), Locked));

    [Fact]
    public void MovingTheSequenceLockRegeneratesOnlyItsLayoutAndItsSnapshotFile()
    {
        GeneratorRunResult result = RunBeforeAndAfter(compilation =>
            Replace(compilation, "User0.cs", Locked.Replace("[SequenceLock(0)]", "[SequenceLock(40)]")), Locked);

        Dictionary<string, IncrementalStepRunReason> outputs = OutputReasons(result);
        Assert.Equal(IncrementalStepRunReason.Modified, outputs["Ticket"]);
        Assert.Contains(outputs["Sample"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("new global::Emmap.SequenceLock(__emmapView, 40)",
            result.GeneratedSources.Single(s => s.HintName == "Demo.Locked.Ticket.Snapshot.g.cs").SourceText.ToString());
    }

    /// <summary>
    /// A model that held a symbol, a syntax node or a location would keep a whole compilation alive
    /// and never compare equal across edits, so the pipeline would never cache. Every object reachable
    /// from every model of every step (valid layouts, nested ones, an invalid layout's errors and shell)
    /// must be the generator's own or a plain value.
    /// </summary>
    [Fact]
    public void ModelsCarryNoRoslynObjects()
    {
        GeneratorRunResult result = TestCompilation.CreateDriver()
            .RunGenerators(TestCompilation.Create(Sources.ServiceStats, Sources.Nested, Sources.Kinds, Sources.GlobalNested, Sources.Histogram, Sources.Misaligned, Sources.Guarded))
            .GetRunResult().Results.Single();

        var reached = new List<(Type Type, string Path)>();
        foreach (string name in OurSteps)
        {
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[name])
            {
                foreach ((object value, _) in step.Outputs)
                {
                    reached.AddRange(ObjectGraph.Walk(value));
                }
            }
        }

        Assert.DoesNotContain(reached, node => ObjectGraph.IsRoslyn(node.Type));
        Assert.All(reached, node => Assert.True(
            node.Type.Namespace == "Emmap.Layout" || node.Type.IsPrimitive || node.Type.IsEnum || node.Type == typeof(string)
                || node.Type.Namespace == "System.Collections.Immutable" || node.Type.IsArray,
            $"{node.Path} is a {node.Type}"));
        // The walk went through the wrappers down to the members and the invalid layout's errors.
        Assert.Contains(reached, node => node.Type.Name == "LayoutMember" && node.Path.Contains("_items", StringComparison.Ordinal));
        Assert.Contains(reached, node => node.Type.Name == "LayoutError");
    }

    [Fact]
    public void TheObjectGraphWalkFindsARoslynObjectHiddenInAPrivateField()
    {
        SyntaxTree tree = Parse("class C { }", "C.cs");
        var hidden = (Items: System.Collections.Immutable.ImmutableArray.Create(new KeyValuePair<string, object>("tree", tree)), Name: "model");

        Assert.Contains(ObjectGraph.Walk(hidden), node => ObjectGraph.IsRoslyn(node.Type) && node.Path.Contains("array[0]", StringComparison.Ordinal));
        Assert.DoesNotContain(ObjectGraph.Walk((Items: new[] { 1, 2 }, Name: "model")), node => ObjectGraph.IsRoslyn(node.Type));
    }

    /// <summary>
    /// Runs the generator over two layouts (<paramref name="first"/>, ServiceStats by default, and
    /// Sample) and unrelated code, then again after <paramref name="edit"/>; the second run's result.
    /// </summary>
    private static GeneratorRunResult RunBeforeAndAfter(Func<CSharpCompilation, CSharpCompilation> edit, string? first = null)
    {
        CSharpCompilation compilation = TestCompilation.Create(first ?? Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        return driver.RunGenerators(edit(compilation)).GetRunResult().Results.Single();
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        foreach (string name in OurSteps)
        {
            IncrementalStepRunReason[] reasons = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
            Assert.Equal(2, reasons.Length); // one per layout: ServiceStats (or Histogram) and Sample
            Assert.All(reasons, reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }
        Assert.NotEmpty(result.TrackedOutputSteps);
        Assert.All(result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    /// <summary>For each source output step, the layout it wrote (by struct name) and why it ran.</summary>
    private static Dictionary<string, IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(pair => pair.Value).ToDictionary(
            step => LayoutName(step.Inputs.Single().Source.Outputs[step.Inputs.Single().OutputIndex].Value),
            step => step.Outputs.Single().Reason);

    /// <summary>The layout's struct name (the model type is internal to the generator).</summary>
    private static string LayoutName(object model) => (string)model.GetType().GetProperty("Name")!.GetValue(model)!;

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path);

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(tree => tree.FilePath == path), Parse(source, path));
}
