using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Training.Benchmarks;

namespace VideoSsl.Training.Tests;

/// <summary>The input pipeline's profile and the compute-efficiency arithmetic the pretrain benchmarks print.</summary>
public class PipelineProfileTests
{
    [Fact]
    public async Task The_profile_counts_every_batch_the_producer_finished_and_its_cpu_time()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var dataset = await ClipDataset.OpenAsync(fixture.Store, TrainingFixture.DatasetName);
        var model = VideoModelConfig.Tiny with { Frames = 8, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 4 };
        var settings = new PipelineSettings(new InputOptions { BatchSize = 4, ShuffleShards = 2 }, new ObjectiveOptions { FutureRatio = 0.5, MaskRatio = 0.75 }, model, Seed: 3, PrefetchBatches: 2);
        using var pipeline = new ClipBatchPipeline(dataset, settings, 0);
        for (var i = 0; i < 10; i++)
        {
            pipeline.Return(pipeline.Next());
        }
        var counters = pipeline.Profile.Snapshot();
        Assert.InRange(counters.Batches, 10, 10 + 2 + 1);                          // the ten taken, plus what is prefetched
        Assert.True(counters.ShardNs > 0, "shards were read, and that took time");
        if (OperatingSystem.IsLinux())
        {
            Assert.True(counters.AugmentNs > 0, "augmentation used the producer's CPU");
            Assert.True(counters.CpuMsPerBatch > 0);
        }
        Assert.InRange(counters.Waits, 0, 10);
        var later = pipeline.Profile.Snapshot() - counters;
        Assert.InRange(later.Batches, 0, 3);                                          // a difference of snapshots is one phase's
    }

    [Fact]
    public async Task Input_benchmark_times_only_the_store_phase_on_the_pipeline_and_replays_the_same_batches()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        // Four rounds: two store-first, two memory-first. A memory phase that took its batches from the pipeline, or a
        // replay that held other batches than the store phase trained on, fails here (the benchmark checks the indices).
        var result = await TrainingBenchmarks.RunInputPipelineAsync(TrainingFixture.Options("bench", 1), fixture.Store, steps: 3, warmupSteps: 1, rounds: 4);
        Assert.Equal(12, result.Steps);
        Assert.True(result.StoreStepsPerSecond > 0 && result.MemoryStepsPerSecond > 0);
        Assert.InRange(result.Pipeline.Batches, 12, 14);                              // the timed store-fed steps (plus what a prefetch thread builds ahead); not the warm-ups (16)
        Assert.True(result.StoreNextMs >= 0 && result.MemoryNextMs >= 0);
        Assert.Contains("per step: store", result.ToString());
        Assert.Equal(4, result.RoundRatios!.Count);
        Assert.Equal(12, result.PairedRatios!.Count);
    }

    [Fact]
    public void Round_interval_is_the_mean_with_students_t_half_width()
    {
        var result = new InputPipelineBenchmark(30, 1, 1, "cpu", "m", RoundRatios: [0.9, 1.0, 0.95, 0.97]);
        var (mean, half) = result.RoundInterval;
        Assert.Equal(0.955, mean, 9);
        var sd = Math.Sqrt(((0.055 * 0.055) + (0.045 * 0.045) + (0.005 * 0.005) + (0.015 * 0.015)) / 3);
        Assert.Equal(3.182 * sd / 2, half, 9);                                       // t(3) = 3.182, √4 = 2
        Assert.True(double.IsNaN(new InputPipelineBenchmark(30, 1, 1, "cpu", "m", RoundRatios: [0.9]).RoundInterval.HalfWidth));
    }

    [Fact]
    public void Efficiency_counts_backward_as_twice_forward_and_compares_with_the_faster_peak()
    {
        var compute = new ComputeEfficiency(ForwardMultiplyAddsPerClip: 1e8, ClipsPerSecond: 10, MatmulGflops: 100, MatmulSize: 2048, LayerGflops: 200, Layer: "Conv2d (8, 80, 8, 8)");
        Assert.Equal(3e8, compute.StepMultiplyAddsPerClip);
        Assert.Equal(6.0, compute.AchievedGflops, 9);                               // 2 FLOPs × 3e8 × 10 clips/s
        Assert.Equal(3.0, compute.PercentOfPeak, 9);                                // of the layer's 200, not the matmul's 100
        Assert.Contains("3 % of peak", compute.ToString());
    }
}
