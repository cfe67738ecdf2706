using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Models;

namespace VideoSsl.Training.Tests;

public class PipelineTests
{
    private static PipelineSettings Settings(VideoModelConfig model) =>
        new(BatchSize: 4, model, FutureRatio: 0.5, MaskRatio: 0.75, Seed: 3, Augment: true, CropScaleMin: 0.6, FlipProbability: 0.5, ShuffleShards: 2, PrefetchBatches: 2);

    private static VideoModelConfig Model => VideoModelConfig.Tiny with { Frames = 8, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 4 };

    [Fact]
    public async Task Batches_depend_only_on_seed_and_index()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var dataset = await ClipDataset.OpenAsync(fixture.Store, TrainingFixture.DatasetName);
        using var fromStart = new ClipBatchPipeline(dataset, Settings(Model), 0);
        var batches = Enumerable.Range(0, 30).Select(_ => fromStart.Next()).ToList(); // more than two epochs of 12
        using var resumed = new ClipBatchPipeline(dataset, Settings(Model), 17);
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
        Assert.NotEqual(batches[0].Pixels, batches[12].Pixels); // epochs are reshuffled
    }

    [Fact]
    public async Task Returned_buffers_are_reused_and_do_not_change_later_batches()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var dataset = await ClipDataset.OpenAsync(fixture.Store, TrainingFixture.DatasetName);
        using var keeping = new ClipBatchPipeline(dataset, Settings(Model), 0);
        var expected = Enumerable.Range(0, 20).Select(_ => keeping.Next().Pixels).ToList();

        using var recycling = new ClipBatchPipeline(dataset, Settings(Model), 0);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        var reused = 0;
        for (var i = 0; i < 20; i++)
        {
            var batch = recycling.Next();
            Assert.Equal(expected[i], batch.Pixels);
            reused += seen.Add(batch.Pixels) ? 0 : 1;
            recycling.Return(batch);
        }
        Assert.True(reused > 0, "returned buffers should be handed out again");
    }

    [Fact]
    public void Epoch_plan_visits_every_clip_once_and_mixes_shards()
    {
        var entries = Enumerable.Range(0, 64).Select(i => new ManifestEntry(i, $"v{i}", "s", "h", 0, 0, $"shards/{i / 16}.shard", i % 16, 0)).ToList();
        var order = ClipBatchPipeline.PlanEpoch(entries, seed: 1, epoch: 0, shuffleShards: 2);
        Assert.Equal(Enumerable.Range(0, 64), order.Order());
        var firstWindowShards = order.Take(32).Select(i => entries[i].Shard).Distinct().Count();
        Assert.Equal(2, firstWindowShards);
        Assert.True(order.Take(8).Select(i => entries[i].Shard).Distinct().Count() > 1, "a batch should mix clips of different shards");
        Assert.NotEqual(order, ClipBatchPipeline.PlanEpoch(entries, seed: 1, epoch: 1, shuffleShards: 2));
        Assert.Equal(order, ClipBatchPipeline.PlanEpoch(entries, seed: 1, epoch: 0, shuffleShards: 2));
    }

    [Fact]
    public void Augmenter_without_augmentation_copies_and_flip_mirrors()
    {
        var shape = new ClipShape(4, 8, 8, 3);
        var clip = new byte[shape.ClipBytes];
        new Random(1).NextBytes(clip);
        var output = new byte[clip.Length];
        new ClipAugmenter(shape, 4, 8, augment: false, 1.0, 0.0).Apply(clip, output, new DeterministicRng(1));
        Assert.Equal(clip, output);

        new ClipAugmenter(shape, 4, 8, augment: true, cropScaleMin: 1.0, flipProbability: 1.0).Apply(clip, output, new DeterministicRng(1));
        for (var t = 0; t < 4; t++)
        {
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 8; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        Assert.Equal(clip[((((t * 8) + y) * 8) + x) * 3 + c], output[((((t * 8) + y) * 8) + (7 - x)) * 3 + c]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Augmenter_crops_in_time_and_resizes()
    {
        var shape = new ClipShape(10, 32, 32, 1);
        var clip = new byte[shape.ClipBytes];
        for (var t = 0; t < 10; t++)
        {
            clip.AsSpan(t * shape.FrameBytes, shape.FrameBytes).Fill((byte)(t * 10));
        }
        var augmenter = new ClipAugmenter(shape, 4, 16, augment: true, 0.5, 0.5);
        var output = new byte[augmenter.OutputBytes];
        augmenter.Apply(clip, output, new DeterministicRng(9));
        var first = output[0];
        Assert.Equal(0, first % 10);
        for (var t = 0; t < 4; t++)
        {
            Assert.All(output.AsSpan(t * 256, 256).ToArray(), v => Assert.Equal(first + (t * 10), v));
        }
    }

    [Theory]
    [InlineData(3, 0.5, 0.0, 11)]
    [InlineData(3, 0.6, 1.0, 12)]
    [InlineData(1, 0.3, 0.5, 13)]
    public void Augmenter_matches_plain_bilinear_resampling_of_the_same_crop(int channels, double cropScaleMin, double flip, int seed)
    {
        // A float reference of the same crop box and flip (the rng is replayed), computed pixel by pixel.
        var shape = new ClipShape(3, 24, 20, channels);
        var clip = new byte[shape.ClipBytes];
        new Random(seed).NextBytes(clip);
        var augmenter = new ClipAugmenter(shape, 3, 16, augment: true, cropScaleMin, flip);
        var output = new byte[augmenter.OutputBytes];
        augmenter.Apply(clip, output, new DeterministicRng((ulong)seed));

        var rng = new DeterministicRng((ulong)seed);
        var (x0, y0, cw, ch) = ReferenceCrop(shape.Width, shape.Height, cropScaleMin, rng);
        var flipped = rng.NextDouble() < flip;
        for (var t = 0; t < 3; t++)
        {
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    var sx = Math.Clamp(x0 + (((flipped ? 15 - x : x) + 0.5) * cw / 16) - 0.5, 0, shape.Width - 1);
                    var sy = Math.Clamp(y0 + ((y + 0.5) * ch / 16) - 0.5, 0, shape.Height - 1);
                    int ax = (int)sx, ay = (int)sy, bx = Math.Min(ax + 1, shape.Width - 1), by = Math.Min(ay + 1, shape.Height - 1);
                    double fx = sx - ax, fy = sy - ay;
                    for (var k = 0; k < channels; k++)
                    {
                        double P(int px, int py) => clip[(((t * shape.Height + py) * shape.Width) + px) * channels + k];
                        var expected = ((P(ax, ay) * (1 - fx) + P(bx, ay) * fx) * (1 - fy)) + ((P(ax, by) * (1 - fx) + P(bx, by) * fx) * fy);
                        var actual = output[(((t * 16 + y) * 16) + x) * channels + k];
                        Assert.True(Math.Abs(actual - expected) <= 1.5, $"t{t} y{y} x{x} c{k}: {actual} vs {expected:F2}");
                    }
                }
            }
        }
    }

    // The augmenter's crop sampling (torchvision's RandomResizedCrop, 10 tries then the whole frame), replayed.
    private static (double X, double Y, double W, double H) ReferenceCrop(int w, int h, double scaleMin, DeterministicRng rng)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = w * h * rng.NextDouble(scaleMin, 1.0);
            var aspect = Math.Exp(rng.NextDouble(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            double cw = Math.Sqrt(target * aspect), ch = Math.Sqrt(target / aspect);
            if (cw <= w && ch <= h)
            {
                return (rng.NextDouble() * (w - cw), rng.NextDouble() * (h - ch), cw, ch);
            }
        }
        return (0, 0, w, h);
    }

    [Fact]
    public void Schedule_warms_up_linearly_then_decays_to_the_minimum()
    {
        var schedule = new LearningRateSchedule(1e-3, 1e-5, WarmupSteps: 10, TotalSteps: 110);
        Assert.Equal(1e-4, schedule.At(1), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal((1e-3 + 1e-5) / 2, schedule.At(60), 12);
        Assert.Equal(1e-5, schedule.At(110), 12);
        Assert.True(schedule.At(30) > schedule.At(31));
    }

    [Fact]
    public void Options_validation_names_each_problem()
    {
        var problems = new PretrainOptions { Dataset = "", MaskRatio = 1.5, BatchSize = 0, Preset = "huge", RunName = "a b" }.Validate();
        Assert.Contains(problems, p => p.StartsWith("dataset:"));
        Assert.Contains(problems, p => p.StartsWith("mask-ratio:"));
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
