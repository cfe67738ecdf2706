using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Synth.Digits;
using VideoSsl.Synth.Idx;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Testing;

namespace VideoSsl.Training.Tests;

/// <summary>Pretraining on Moving MNIST sequences drawn on the fly: batches as a function of seed and index, training digits only, exact resume.</summary>
public class MovingMnistBatchSourceTests
{
    private const byte TrainInk = 200, TestInk = 77;

    private static VideoModelConfig Model => VideoModelConfig.ConvTiny with { Frames = 20, ImageSize = 64, Channels = 1, Dim = 16, Depth = 1, FrameChannels = 4, ContextFrames = 10 };

    private static PipelineSettings Settings(double futureRatio = 0.5) =>
        new(new InputOptions { BatchSize = 4 }, new ObjectiveOptions { FutureRatio = futureRatio, MaskRatio = 0.75 }, Model, Seed: 3, PrefetchBatches: 2);

    [Fact]
    public void Batches_depend_only_on_seed_and_index_and_every_batch_draws_new_sequences()
    {
        var digits = Split();
        using var fromStart = new MovingMnistBatchSource(digits.Train, Settings(), 0);
        var batches = Enumerable.Range(0, 30).Select(_ => fromStart.Next()).ToList();
        using var resumed = new MovingMnistBatchSource(digits.Train, Settings(), 17);
        for (var i = 17; i < 30; i++)
        {
            var batch = resumed.Next();
            Assert.Equal(i, batch.Index);
            Assert.Equal(batches[i].Pixels, batch.Pixels);
            Assert.Equal(batches[i].Objective, batch.Objective);
            Assert.Equal(batches[i].Mask?.Masked, batch.Mask?.Masked);
        }
        Assert.Contains(batches, b => b.Objective == Objective.Future);
        Assert.Contains(batches, b => b.Objective == Objective.Masked);
        var sequences = batches.SelectMany(b => b.Pixels.Chunk(MovingMnist.SequenceBytes)).Select(Convert.ToHexString).ToList();
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        // One OpenSTL epoch later (10 000 sequences = 2 500 batches of 4) the sequences are new ones, not a replay.
        using var nextEpoch = new MovingMnistBatchSource(digits.Train, Settings(), 2_500);
        Assert.NotEqual(batches[0].Pixels, nextEpoch.Next().Pixels);
        using var otherSeed = new MovingMnistBatchSource(digits.Train, Settings() with { Seed = 4 }, 0);
        Assert.NotEqual(batches[0].Pixels, otherSeed.Next().Pixels);
    }

    [Fact]
    public void Training_batches_and_held_out_sequences_use_only_training_digits()
    {
        var digits = Split();
        using var source = new MovingMnistBatchSource(digits.Train, Settings(futureRatio: 1), 0);
        var pixels = Enumerable.Range(0, 10).SelectMany(_ => source.Next().Pixels).Concat(MovingMnistBatchSource.HeldOutSequences(digits.Train, 3, 8).SelectMany(c => c)).ToList();
        Assert.Contains(TrainInk, pixels);
        Assert.All(pixels.Distinct(), p => Assert.True(p is 0 or TrainInk, $"pixel value {p} is not from a training digit"));
        var test = new byte[MovingMnist.SequenceBytes];
        MovingMnist.Render(3, 0, digits.Test, test);
        Assert.Equal(new byte[] { 0, TestInk }, test.Distinct().Order().ToArray());
    }

    [Fact]
    public void A_model_that_does_not_take_twenty_gray_64_pixel_frames_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new MovingMnistBatchSource(null, Settings() with { Model = Model with { Channels = 3 } }, 0));
        Assert.Contains("20x64x64x1", e.Message, StringComparison.Ordinal);
        Assert.Contains("model takes 20x64x64x3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pretraining_on_generated_sequences_records_its_digits_and_resumes_with_identical_losses()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder("generated");
        var store = new VideoSsl.Storage.Folder.FolderBlobStore(folder["store"]);
        var options = new PretrainOptions
        {
            Generate = MovingMnistBatchSource.Name, Digits = new DigitOptions { Digits = DigitSource.Glyphs }, RunName = "straight", Arch = VideoArch.Conv,
            Dim = 16, Depth = 1, FrameChannels = 4, Steps = 4, Input = new() { BatchSize = 2 }, Objective = new() { FutureRatio = 1 },
            Threads = 2, Device = "cpu", LogEvery = 1, CheckpointEvery = 1000, Seed = 5, ValidationClips = 2, ValidateEvery = 2, TensorBoard = false,
        };
        var uninterrupted = await PretrainRunner.RunAsync(options, store);
        var checkpoint = await Checkpoint.ReadLatestAsync(store, new RunLayout("straight"));
        Assert.Equal(("generated:moving-mnist", "glyphs"), (checkpoint!.Header.Signature.Dataset, checkpoint.Header.Signature.DatasetVersion));
        Assert.Equal((20, 64, 1), (checkpoint.Header.Model.Frames, checkpoint.Header.Model.ImageSize, checkpoint.Header.Model.Channels));
        Assert.All(uninterrupted.Metrics, m => Assert.True(double.IsFinite(m.Loss)));
        Assert.Equal([2, 4], uninterrupted.Metrics.Where(m => m.ValFutureLoss is not null).Select(m => m.Step));

        var interrupted = options with { RunName = "interrupted", Steps = 2 };
        await PretrainRunner.RunAsync(interrupted, store);
        var resumed = await PretrainRunner.RunAsync(interrupted with { Steps = 4, Resume = true }, store);
        Assert.Equal(uninterrupted.Metrics.Where(m => m.Step > 2).Select(m => (m.Loss, m.ValFutureLoss)), resumed.Metrics.Where(m => m.Step > 2).Select(m => (m.Loss, m.ValFutureLoss)));

        var predict = await Assert.ThrowsAsync<InvalidOperationException>(() => PredictRunner.RunAsync(new PredictOptions { RunName = "straight", Device = "cpu" }, store));
        Assert.Contains("name the dataset to predict on with --dataset", predict.Message, StringComparison.Ordinal);

        var onDataset = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options with { Generate = null, Digits = new(), Dataset = "squares", Resume = true, Steps = 6 }, store));
        Assert.Contains("resume with --generate moving-mnist", onDataset.Message, StringComparison.Ordinal);
    }

    // 70 digits: the test ones (every seventh) drawn with one ink, the training ones with another.
    private static DigitSets Split()
    {
        const int side = 28 * 28;
        var pixels = new byte[70 * side];
        for (var i = 0; i < 70; i++)
        {
            for (var p = 0; p < 100; p++)
            {
                pixels[(i * side) + 200 + (p * 3) + (i % 5)] = DigitSets.IsTest(i) ? TestInk : TrainInk;
            }
        }
        return DigitSets.Split(new IdxImages(70, 28, 28, pixels), "inks", "test");
    }
}
