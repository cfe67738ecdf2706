using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Training.Tests;

/// <summary>The input pipeline: batches as a function of seed and index, buffer reuse, the epoch plan.</summary>
public class ClipBatchPipelineTests
{
    private static PipelineSettings Settings(VideoModelConfig model) =>
        new(new InputOptions { BatchSize = 4, Augment = true, CropScaleMin = 0.6, FlipProbability = 0.5, ShuffleShards = 2 }, new ObjectiveOptions { FutureRatio = 0.5, MaskRatio = 0.75 }, model, Seed: 3, PrefetchBatches: 2);

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
    public async Task Building_on_the_training_thread_gives_the_batches_the_prefetch_thread_gives()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var dataset = await ClipDataset.OpenAsync(fixture.Store, TrainingFixture.DatasetName);
        using var prefetched = new ClipBatchPipeline(dataset, Settings(Model), 5);
        using var onReader = new ClipBatchPipeline(dataset, Settings(Model) with { OnCallerThread = true }, 5);
        var pixelsBefore = onReader.Profile.Snapshot().AugmentNs;
        for (var i = 0; i < 30; i++) // past two epochs, buffers handed back as in training
        {
            var (a, b) = (prefetched.Next(), onReader.Next());
            Assert.Equal(a.Index, b.Index);
            Assert.Equal(a.Pixels, b.Pixels);
            Assert.Equal(a.Objective, b.Objective);
            Assert.Equal(a.Mask?.Masked, b.Mask?.Masked);
            prefetched.Return(a);
            onReader.Return(b);
        }
        if (OperatingSystem.IsLinux())
        {
            Assert.True(onReader.Profile.Snapshot().AugmentNs > pixelsBefore, "the caller's work is in the profile");
        }
    }

    [Fact]
    public async Task A_corrupt_clip_stops_the_pipeline_with_the_error_inspect_verify_gives()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var dataset = await ClipDataset.OpenAsync(fixture.Store, TrainingFixture.DatasetName);
        var shard = ((FolderBlobStore)fixture.Store).GetLocalPath(dataset.Layout.Shard(dataset.Shards[1]));
        var bytes = await File.ReadAllBytesAsync(shard);
        for (var i = 0; i < 64; i++)
        {
            bytes[bytes.Length - (5 * dataset.Shape.ClipBytes) + i] ^= 0x5a; // clip 11 of the shard's 16
        }
        await File.WriteAllBytesAsync(shard, bytes);
        var verify = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in dataset.StreamAsync())
            {
            }
        });

        using var pipeline = new ClipBatchPipeline(dataset, Settings(Model), 0);
        var failure = Assert.Throws<InvalidDataException>(() =>
        {
            for (var i = 0; i < pipeline.BatchesPerEpoch; i++)
            {
                pipeline.Next();
            }
        });

        Assert.Equal($"Clip 11 of shard '{dataset.Layout.Shard(dataset.Shards[1])}' is corrupt (checksum mismatch).", verify.Message);
        Assert.Equal(verify.Message, failure.Message);
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
}
