using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The spec keys of the label-efficiency curve: budgets with "all", fine-tuning epochs, the synthetic test split.</summary>
public class LabelEfficiencySpecTests
{
    private const string Evaluate = "evaluate: { dataset: actions, labelsPerClass: [2] }";

    [Fact]
    public void Budgets_with_all_and_finetune_epochs_reach_the_evaluate_command()
    {
        var yaml = Specs.Local
            .Replace(Evaluate, "evaluate: { dataset: actions, labelsPerClass: [1, 5, all], finetuneEpochs: 2.5, finetuneSteps: 30, seeds: [4, 7] }", StringComparison.Ordinal)
            .Replace("videosPerClass: 4,", "videosPerClass: 8, testFraction: 0.5,", StringComparison.Ordinal);

        var spec = Specs.Parse(yaml);
        var graph = StageGraph.Build(spec);

        var argv = graph["evaluate"].Argv;
        Assert.Equal("1,5,all", argv[argv.ToList().IndexOf("--labels-per-class") + 1]);
        Assert.Equal("2.5", argv[argv.ToList().IndexOf("--finetune-epochs") + 1]);
        Assert.Equal("30", argv[argv.ToList().IndexOf("--finetune-steps") + 1]);
        Assert.Equal("4,7", argv[argv.ToList().IndexOf("--seeds") + 1]);
        var synth = graph["synth-actions"].Argv.ToList();
        Assert.Equal("0.5", synth[synth.IndexOf("--test-fraction") + 1]);
    }

    [Fact]
    public void Bad_budgets_epochs_and_test_fractions_are_named()
    {
        var yaml = Specs.Local
            .Replace(Evaluate, "evaluate: { dataset: actions, labelsPerClass: [0, every], finetuneEpochs: 0 }", StringComparison.Ordinal)
            .Replace("count: 10,", "count: 10, testFraction: 0.5,", StringComparison.Ordinal)
            .Replace("videosPerClass: 4,", "videosPerClass: 4, testFraction: 1.5,", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        // The evaluate verb's own reasons, at the keys' lines.
        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.labelsPerClass" && p.Message == "'every' is neither a whole number nor all");
        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.finetuneEpochs" && p.Message == "0 must be positive");
        Assert.Contains(e.Problems, p => p.Key == "datasets.digits.synth.testFraction" && p.Message.Contains("actions", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Key == "datasets.actions.synth.testFraction");
    }
}
