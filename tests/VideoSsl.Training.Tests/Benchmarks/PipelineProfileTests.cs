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

    [Fact]
    public void The_layers_alone_are_compared_with_the_peak_and_with_the_step()
    {
        var layers = new LayersAlone(Calls: 17, SecondsPerClip: 2e-3, ForwardMultiplyAddsPerClip: 5e7);
        Assert.Equal(150.0, layers.Gflops, 9);                                    // 2 FLOPs × 3 × 5e7 / 2e-3 s
        var compute = new ComputeEfficiency(1e8, ClipsPerSecond: 100, MatmulGflops: 200, MatmulSize: 2048, LayerGflops: 300, Layer: "Conv2d (8, 80, 8, 8)", layers, ClipsPerStep: 8);
        Assert.Equal(0.08, compute.StepSeconds, 9);
        Assert.Equal(50.0, compute.LayersPercentOfPeak, 9);                       // 150 of the faster 300
        Assert.Equal(20.0, compute.LayersPercentOfStep, 9);                       // 8 clips × 2 ms = 16 of 80 ms
        Assert.Contains("16.00 of the 80.00 ms step (20 %)", compute.ToString());
        Assert.DoesNotContain("layers alone", new ComputeEfficiency(1e8, 100, 200, 2048, 300, "x").ToString());
    }

    [Fact]
    public void Layers_timed_alone_weigh_each_call_by_how_often_training_made_it_and_leave_no_gradient()
    {
        TorchRuntime.EnsureLoaded();
        using var model = TorchSharp.torch.nn.Sequential(("a", TorchSharp.torch.nn.Conv2d(3, 8, 3, padding: 1)), ("b", TorchSharp.torch.nn.Conv2d(8, 8, 1)));
        IReadOnlyCollection<LayerCallCount> calls;
        using (var counter = new MultiplyAddCounter(model))
        {
            using var x = TorchSharp.torch.randn(4, 3, 8, 8);
            for (var i = 0; i < 3; i++)
            {
                using var y = model.call(x);
            }
            calls = [.. counter.Calls];
        }
        var layers = ComputeEfficiency.MeasureLayers(TorchSharp.torch.CPU, calls, clips: 12, secondsPerCall: 0.01);
        Assert.Equal(2, layers.Calls);
        Assert.Equal(((4L * 8 * 64 * 27) + (4L * 8 * 64 * 8)) * 3 / 12.0, layers.ForwardMultiplyAddsPerClip, 9);
        Assert.True(layers.SecondsPerClip > 0 && layers.Gflops > 0);
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0, "the timing's gradients are cleared"));
    }
}
