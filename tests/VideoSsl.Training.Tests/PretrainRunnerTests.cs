using VideoSsl.Models;
using VideoSsl.Storage;

namespace VideoSsl.Training.Tests;

public class PretrainRunnerTests
{
    [Fact]
    public async Task Resume_after_a_kill_continues_with_identical_losses_and_validation_losses()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var uninterrupted = await PretrainRunner.RunAsync(TrainingFixture.Options("straight", 12), fixture.Store);
        Assert.Equal(Enumerable.Range(1, 12), uninterrupted.Metrics.Select(m => m.Step));

        // Killed at step 7: the last checkpoint is step 5, nothing is written after the crash.
        var killed = TrainingFixture.Options("killed", 12) with { CheckpointEvery = 5 };
        await Assert.ThrowsAsync<SimulatedKill>(() => PretrainRunner.RunAsync(killed, fixture.Store, new KillAt(7)));
        Assert.True(await fixture.Store.ExistsAsync(new RunLayout("killed").Checkpoint(5)));
        Assert.False(await fixture.Store.ExistsAsync(new RunLayout("killed").Checkpoint(7)));

        var resumed = await PretrainRunner.RunAsync(killed with { Resume = true }, fixture.Store);
        Assert.Equal(5, resumed.FirstStep);
        Assert.Equal(12, resumed.FinalStep);
        var after = resumed.Metrics.Where(m => m.Step > 5).ToList();
        Assert.Equal(Enumerable.Range(6, 7), after.Select(m => m.Step));
        foreach (var line in after)
        {
            var reference = uninterrupted.Metrics.Single(m => m.Step == line.Step);
            Assert.Equal(reference.Loss, line.Loss);
            Assert.Equal(reference.MaskedLoss, line.MaskedLoss);
            Assert.Equal(reference.FutureLoss, line.FutureLoss);
            Assert.Equal(reference.ValMaskedLoss, line.ValMaskedLoss);
            Assert.Equal(reference.ValFutureLoss, line.ValFutureLoss);
        }
        Assert.Equal([6, 9, 12], after.Where(m => m.ValMaskedLoss is not null).Select(m => m.Step));
        Assert.Contains(after, m => m.MaskedLoss is not null);
        Assert.Contains(after, m => m.FutureLoss is not null);
    }

    [Fact]
    public async Task Run_writes_metrics_loss_curve_config_and_a_loadable_checkpoint()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var result = await PretrainRunner.RunAsync(TrainingFixture.Options("outputs", 6) with { CheckpointEvery = 2, KeepCheckpoints = 2 }, fixture.Store);
        var run = new RunLayout("outputs");
        Assert.Equal(run.Checkpoint(6), result.LastCheckpoint);
        Assert.False(await fixture.Store.ExistsAsync(run.Checkpoint(2)));         // pruned
        Assert.True(await fixture.Store.ExistsAsync(run.Checkpoint(4)));
        var png = await fixture.Store.ReadAllBytesAsync(run.LossCurve);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(await fixture.Store.ExistsAsync(run.Config));
        var lines = (await fixture.Store.ReadTextAsync(run.Metrics)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Contains("\"clipsPerSecond\"", lines[0]);
        Assert.Contains("\"rssMiB\"", lines[0]);

        // Round trip: the weights loaded from the checkpoint save back to the very same bytes.
        var checkpoint = await Checkpoint.ReadAsync(fixture.Store, run.Checkpoint(6));
        Assert.Equal(6, checkpoint.Header.Step);
        Assert.Equal(6L * 1, checkpoint.Header.MicroBatchesConsumed);
        var (model, header) = await PretrainedModel.LoadAsync(fixture.Store, "outputs");
        using (model)
        {
            Assert.Equal(checkpoint.Header.Model, header.Model);
            using var saved = new MemoryStream();
            model.save(saved);
            Assert.Equal(checkpoint.Model, saved.ToArray());
        }
        Assert.Equal(checkpoint.ToBytes(), Checkpoint.Parse("x", checkpoint.ToBytes()).ToBytes());
    }

    [Fact]
    public async Task Live_tensor_count_stays_flat_over_training_steps()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var result = await PretrainRunner.RunAsync(TrainingFixture.Options("memory", 30) with { GradAccumulation = 2 }, fixture.Store);
        var baseline = result.Metrics[1].LiveTensors; // after step 2: the optimizer state exists from step 1 on
        Assert.All(result.Metrics.Skip(1), m => Assert.Equal(baseline, m.LiveTensors));
    }

    [Fact]
    public async Task Cancelling_writes_a_final_checkpoint_and_returns()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        using var cancel = new CancellationTokenSource();
        var result = await PretrainRunner.RunAsync(TrainingFixture.Options("cancel", 50), fixture.Store,
            new CallbackProgress(p => { if (p.Step == 4) { cancel.Cancel(); } }), cancel.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(4, result.FinalStep);
        Assert.Equal(new RunLayout("cancel").Checkpoint(4), result.LastCheckpoint);
        var latest = await fixture.Store.ReadJsonOrDefaultAsync<LatestCheckpoint>(new RunLayout("cancel").LatestPointer);
        Assert.Equal(4, latest!.Step);
    }

    [Fact]
    public async Task Missing_corrupt_or_incompatible_checkpoints_give_clear_errors()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var options = TrainingFixture.Options("errors", 3);
        var missing = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options with { Resume = true }, fixture.Store));
        Assert.Contains("has no checkpoint", missing.Message);

        await PretrainRunner.RunAsync(options, fixture.Store);
        var again = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options, fixture.Store));
        Assert.Contains("--resume", again.Message);

        var incompatible = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options with { Resume = true, Steps = 6, Dim = 48, Input = options.Input with { BatchSize = 8 } }, fixture.Store));
        Assert.Contains("model Dim: checkpoint 32, now 48", incompatible.Message);
        Assert.Contains("training BatchSize: checkpoint 4, now 8", incompatible.Message);
        var family = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options with { Resume = true, Steps = 6, Arch = VideoSsl.Models.VideoArch.Vit }, fixture.Store));
        Assert.Contains("model Arch: checkpoint Conv, now Vit", family.Message);

        var path = new RunLayout("errors").Checkpoint(3);
        var bytes = await fixture.Store.ReadAllBytesAsync(path);
        bytes[^10] ^= 0xFF;
        await fixture.Store.WriteBytesAsync(path, bytes);
        var corrupt = await Assert.ThrowsAsync<CheckpointException>(() => PretrainRunner.RunAsync(options with { Resume = true, Steps = 6 }, fixture.Store));
        Assert.Contains("corrupt", corrupt.Message);

        await fixture.Store.WriteBytesAsync(path, bytes.AsMemory(0, bytes.Length / 2));
        var truncated = await Assert.ThrowsAsync<CheckpointException>(() => Checkpoint.ReadAsync(fixture.Store, path));
        Assert.Contains("truncated", truncated.Message);

        await fixture.Store.DeleteAsync(path);
        var dangling = await Assert.ThrowsAsync<CheckpointException>(() => PretrainedModel.LoadAsync(fixture.Store, "errors"));
        Assert.Contains("does not exist", dangling.Message);

        var garbage = Assert.Throws<CheckpointException>(() => Checkpoint.Parse("junk.ckpt", "hello world"u8.ToArray()));
        Assert.Contains("not a videossl checkpoint", garbage.Message);
    }

    [Fact]
    public async Task Pretraining_on_two_datasets_resumes_only_with_the_same_dataset_list()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        await VideoSsl.Testing.TestDatasets.WriteAsync(fixture.Store, "more-squares", fixture.Spec,
            Squares.Clips(20, fixture.Spec.Frames, fixture.Spec.Size, seed: 12), clipsPerShard: 8);
        var options = TrainingFixture.Options("two", 3) with { Dataset = $"{TrainingFixture.DatasetName}, more-squares" };

        var first = await PretrainRunner.RunAsync(options, fixture.Store);
        Assert.Equal(3, first.FinalStep);
        Assert.All(first.Metrics, m => Assert.True(double.IsFinite(m.Loss)));
        var checkpoint = await Checkpoint.ReadLatestAsync(fixture.Store, new RunLayout("two"));
        Assert.Equal($"{TrainingFixture.DatasetName},more-squares", checkpoint!.Header.Signature.Dataset);
        Assert.Equal($"{fixture.Spec.Version}+{fixture.Spec.Version}", checkpoint.Header.Signature.DatasetVersion);

        var other = await Assert.ThrowsAsync<CheckpointException>(() =>
            PretrainRunner.RunAsync(options with { Dataset = TrainingFixture.DatasetName, Resume = true, Steps = 5 }, fixture.Store));
        Assert.Contains("trained on dataset(s) 'squares,more-squares', not 'squares'", other.Message);
        var reordered = await Assert.ThrowsAsync<CheckpointException>(() =>
            PretrainRunner.RunAsync(options with { Dataset = "more-squares,squares", Resume = true, Steps = 5 }, fixture.Store));
        Assert.Contains("--dataset squares,more-squares", reordered.Message);

        var resumed = await PretrainRunner.RunAsync(options with { Dataset = "squares,more-squares", Resume = true, Steps = 5 }, fixture.Store);
        Assert.Equal(3, resumed.FirstStep);
        Assert.Equal(5, resumed.FinalStep);

        var pinned = await Assert.ThrowsAsync<ArgumentException>(() =>
            PretrainRunner.RunAsync(options with { RunName = "pinned", DatasetVersion = fixture.Spec.Version }, fixture.Store));
        Assert.Contains("single dataset", pinned.Message);
    }

    private sealed class SimulatedKill : Exception;

    private sealed class KillAt(int step) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step && value.Message is null)
            {
                throw new SimulatedKill();
            }
        }
    }

    private sealed class CallbackProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
