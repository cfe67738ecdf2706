using TorchSharp;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Models.Tests;

/// <summary>The short training runs the model-family tests share: a loss curve per objective and the live-tensor count across steps.</summary>
internal static class ObjectiveTraining
{
    /// <summary>Mean loss of the first and of the last five of 40 steps on one batch of 8 moving-square clips (single steps are noisy under random masks).</summary>
    public static (float First, float Last) FirstAndLastLosses(VideoModel model, string objective, double lr, bool relative = false)
    {
        using var optimizer = new SafeAdamW(model.parameters(), lr: lr, beta1: 0.9, beta2: 0.95);
        using var video = Synthetic.Video(model.Config, batch: 8);
        var rng = new DeterministicRng(3);
        var losses = new List<float>();
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = objective == "masked" ? model.MaskedLoss(video, TubeMask.Sample(model.Config, 8, 0.75, rng)) : model.FutureLoss(video, new FutureLossTerms(relative));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return (losses.Take(5).Average(), losses.TakeLast(5).Average());
    }

    /// <summary>Live tensors after one step (gradients and optimizer moments exist from then on) and after ten more.</summary>
    public static (long Baseline, long After) LiveTensorsAcrossSteps(VideoModel model, bool relative = false)
    {
        using var optimizer = new SafeAdamW(model.parameters(), lr: 1e-3);
        using var video = Synthetic.Video(model.Config, batch: 4);
        var rng = new DeterministicRng(1);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.MaskedLoss(video, TubeMask.Sample(model.Config, 4, 0.75, rng)).Plus(model.FutureLoss(video, new FutureLossTerms(relative)));
            loss.backward();
            optimizer.step();
        }
        Step();
        var baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 10; i++)
        {
            Step();
        }
        return (baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
