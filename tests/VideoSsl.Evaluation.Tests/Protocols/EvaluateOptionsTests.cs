using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Sampling;

namespace VideoSsl.Evaluation.Tests.Protocols;

public class EvaluateOptionsTests
{
    [Fact]
    public void Defaults_give_the_label_efficiency_curve_over_three_seeds()
    {
        var options = new EvaluateOptions { Labeled = "x" };
        Assert.Equal([LabelBudget.PerClass(1), LabelBudget.PerClass(2), LabelBudget.PerClass(5), LabelBudget.PerClass(10), LabelBudget.All], options.Budgets());
        Assert.Equal([0, 1, 2], options.Seeds);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Labels_per_class_read_and_write_all()
    {
        var parsed = EvaluateOptions.ParseLabelsPerClass("10, 1,ALL,5");
        Assert.Equal([10, 1, EvaluateOptions.AllLabels, 5], parsed);
        Assert.Equal("10,1,all,5", EvaluateOptions.Format(parsed));
        Assert.Equal([LabelBudget.PerClass(1), LabelBudget.PerClass(5), LabelBudget.PerClass(10), LabelBudget.All],
            new EvaluateOptions { LabelsPerClass = parsed }.Budgets());
        Assert.Throws<FormatException>(() => EvaluateOptions.ParseLabelsPerClass("1,some"));
    }

    [Fact]
    public void A_fraction_replaces_the_counts_but_keeps_all()
    {
        var options = new EvaluateOptions { LabelFraction = 0.25, LabelsPerClass = [1, EvaluateOptions.AllLabels] };
        Assert.Equal([LabelBudget.Fraction(0.25), LabelBudget.All], options.Budgets());
    }

    [Theory]
    [InlineData(null, 10, 60)]      // no epochs: every run takes the most steps
    [InlineData(10.0, 10, 13)]      // 1 per class of 10 classes: ceil(10 × 10 / 8)
    [InlineData(10.0, 20, 25)]
    [InlineData(10.0, 50, 60)]      // capped
    [InlineData(0.1, 1, 1)]         // at least one step
    public void Fine_tuning_steps_scale_with_the_labeled_clips(double? epochs, int clips, int steps) =>
        Assert.Equal(steps, new EvaluateOptions { FinetuneSteps = 60, FinetuneEpochs = epochs, FinetuneBatch = 8 }.FinetuneStepsFor(clips));

    [Fact]
    public void Bad_budgets_and_epochs_are_named()
    {
        var problems = new EvaluateOptions { Labeled = "x", LabelsPerClass = [0], FinetuneEpochs = 0 }.Validate();
        Assert.Contains(problems, p => p.StartsWith("labels-per-class", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("finetune-epochs", StringComparison.Ordinal));
    }
}
