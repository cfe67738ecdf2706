namespace VideoSsl.Training.Tests;

/// <summary>Validation of the pretraining options.</summary>
public class PretrainOptionsTests
{
    [Fact]
    public void Options_validation_names_each_problem()
    {
        var problems = new PretrainOptions { Dataset = "", Objective = new() { MaskRatio = 1.5, FutureSsimWeight = -1 }, Input = new() { BatchSize = 0 }, Preset = "huge", RunName = "a b" }.Validate();
        Assert.Contains(problems, p => p.StartsWith("dataset:"));
        Assert.Contains(problems, p => p.StartsWith("mask-ratio:"));
        Assert.Contains("future-ssim-weight: -1 is outside [0, 100]", problems);
        Assert.Contains(problems, p => p.StartsWith("batch-size:"));
        Assert.Contains(problems, p => p.StartsWith("model:"));
        Assert.Contains(problems, p => p.StartsWith("run:"));
        Assert.Empty(new PretrainOptions { Dataset = "d" }.Validate());
    }

    [Fact]
    public void Architecture_overrides_below_one_are_named_instead_of_crashing_later()
    {
        var problems = new PretrainOptions { Dataset = "d", TubeletFrames = 0, PatchSize = -8 }.Validate();
        Assert.Contains("tubelet-frames: 0 must be at least 1", problems);
        Assert.Contains("patch-size: -8 must be at least 1", problems);
        Assert.Empty(new PretrainOptions { Dataset = "d", TubeletFrames = 4, PatchSize = 16 }.Validate());
    }
}
