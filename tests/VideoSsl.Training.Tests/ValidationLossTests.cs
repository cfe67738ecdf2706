using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Testing;

namespace VideoSsl.Training.Tests;

/// <summary>Held-out validation losses in metrics.jsonl: measured on the same clips every time, never trained on.</summary>
public class ValidationLossTests
{
    [Fact]
    public async Task Validation_losses_are_logged_at_validation_steps_and_are_the_same_on_a_rerun()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var options = TrainingFixture.Options("validated", 6) with { ValidationVideos = 8, ValidationClips = 6, ValidateEvery = 2, TensorBoard = false };

        var first = await PretrainRunner.RunAsync(options, fixture.Store);
        var second = await PretrainRunner.RunAsync(options with { RunName = "validated-again" }, fixture.Store);

        var validated = first.Metrics.Where(m => m.ValMaskedLoss is not null).ToList();
        Assert.Equal([2, 4, 6], validated.Select(m => m.Step));
        Assert.All(validated, m => Assert.True(m.ValMaskedLoss > 0 && m.ValFutureLoss > 0 && double.IsFinite(m.ValMaskedLoss!.Value + m.ValFutureLoss!.Value)));
        Assert.All(first.Metrics.Where(m => m.Step % 2 == 1), m => Assert.Null(m.ValFutureLoss));
        Assert.Equal(validated.Select(m => (m.ValMaskedLoss, m.ValFutureLoss)), second.Metrics.Where(m => m.ValMaskedLoss is not null).Select(m => (m.ValMaskedLoss, m.ValFutureLoss)));
        // Training changes the model between validations: the losses are measured, not constant.
        Assert.NotEqual(validated[0].ValMaskedLoss, validated[^1].ValMaskedLoss);

        var lines = (await fixture.Store.ReadTextAsync(new RunLayout("validated").Metrics)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"valMaskedLoss\"", lines[1]);
        Assert.Contains("\"valFutureLoss\"", lines[1]);
        Assert.DoesNotContain("\"val", lines[0]);
    }

    [Fact]
    public async Task The_input_pipeline_never_serves_a_held_out_clip()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        // Each clip's first pixel is its number, so a served clip can be told apart from every other.
        var clips = Squares.Clips(40, fixture.Spec.Frames, fixture.Spec.Size, seed: 3);
        for (var i = 0; i < clips.Count; i++)
        {
            clips[i][0] = (byte)(i + 1);
        }
        await TestDatasets.WriteAsync(fixture.Store, "numbered", fixture.Spec, clips, clipsPerShard: 8);
        var dataset = await ClipDataset.OpenAsync(fixture.Store, "numbered");
        var split = HoldOut.Split(dataset.Entries, 5, 100);
        var model = VideoModelConfig.Tiny with { Frames = 8, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 4 };
        var settings = new PipelineSettings(new InputOptions { BatchSize = 4, Augment = false, ShuffleShards = 2 }, new ObjectiveOptions(), model, Seed: 9, PrefetchBatches: 2);

        using var pipeline = new ClipBatchPipeline(dataset, settings, 0, split.Training);
        var served = new HashSet<int>();
        for (var b = 0; b < 3 * pipeline.BatchesPerEpoch; b++)
        {
            var batch = pipeline.Next();
            for (var c = 0; c < batch.Count; c++)
            {
                served.Add(batch.Pixels[c * clips[0].Length]);
            }
            pipeline.Return(batch);
        }

        var numbers = new List<int>();
        for (var i = 0; i < dataset.Count; i++)
        {
            numbers.Add((await dataset.ReadClipAsync(i))[0]);
        }
        int Number(int entry) => numbers[entry];
        Assert.Equal(5, split.HeldOutVideos);
        Assert.True(served.Count >= 35 / 4 * 4, $"{served.Count} clips served");     // at least a whole epoch's worth
        Assert.Empty(served.Intersect(split.Validation.Select(Number)));
        Assert.Subset(split.Training.Select(Number).ToHashSet(), served);
    }
}
