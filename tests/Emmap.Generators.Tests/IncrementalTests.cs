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
    public void AnUnchangedCompilationIsCachedThroughout()
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());

        AssertNothingRegenerated(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void ANewUnrelatedFileRegeneratesNothing()
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(Parse("namespace Demo.More; internal static class Extra { }", "Extra.cs")));

        AssertNothingRegenerated(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void AnEditInAMethodBodyElsewhereRegeneratesNothing()
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(Replace(compilation, "User2.cs", Unrelated.Replace("=> 1;", "=> 2 + 3;")));

        AssertNothingRegenerated(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void AnEditInsideALayoutThatKeepsItsModelRegeneratesNothing()
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        string commented = Sources.ServiceStats.Replace("/// <summary>Requests served.</summary>", "/// <summary>Requests served, ever.</summary>");
        driver = driver.RunGenerators(Replace(compilation, "User0.cs", commented));

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        AssertNothingRegenerated(result);
    }

    [Fact]
    public void EditingOneOfTwoLayoutsRegeneratesOnlyThatOne()
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.ServiceStats, Sources.Kinds, Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        string moved = Sources.ServiceStats.Replace("[Field(8)] public partial int State", "[Field(12)] public partial int State");
        driver = driver.RunGenerators(Replace(compilation, "User0.cs", moved));

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Dictionary<string, IncrementalStepRunReason> outputs = OutputReasons(result);
        Assert.Equal(IncrementalStepRunReason.Modified, outputs["ServiceStats"]);
        Assert.Contains(outputs["Sample"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("Read<int>(12)", result.GeneratedSources.Single(s => s.HintName == "Demo.ServiceStats.g.cs").SourceText.ToString());
    }

    [Fact]
    public void ModelsCarryNoRoslynObjects()
    {
        GeneratorRunResult result = TestCompilation.CreateDriver().RunGenerators(TestCompilation.Create(Sources.ServiceStats, Sources.Nested)).GetRunResult().Results.Single();

        foreach (string name in OurSteps)
        {
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[name])
            {
                foreach ((object value, _) in step.Outputs)
                {
                    Assert.DoesNotContain("Microsoft.CodeAnalysis", value?.ToString() ?? string.Empty);
                    Assert.Equal("Emmap.Layout", value?.GetType().Namespace);
                }
            }
        }
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        foreach (string name in OurSteps)
        {
            IncrementalStepRunReason[] reasons = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
            Assert.Equal(2, reasons.Length); // one per layout: ServiceStats and Sample
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
