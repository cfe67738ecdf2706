using VideoSsl.Evaluation.Metrics;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Tests.Metrics;

/// <summary>The SSIM term of the future-frame loss is the evaluator's SSIM, differentiable, and it pushes a faint background haze out.</summary>
public class StructuralSimilarityLossTests
{
    [Fact]
    public void The_loss_term_equals_the_metric_frame_by_frame_averaged()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var random = new Random(4);
        const int b = 2, t = 3, h = 23, w = 19;
        var x = Enumerable.Range(0, b * t * h * w).Select(_ => (float)random.NextDouble()).ToArray();
        var y = x.Select((v, i) => Math.Clamp(v + (float)Math.Sin(i * 0.37) * 0.3f, 0f, 1f)).ToArray();
        var expected = Enumerable.Range(0, b * t)
            .Select(f => Ssim.Compute(x.AsSpan(f * h * w, h * w), y.AsSpan(f * h * w, h * w), h, w, 1))
            .Average();

        var actual = StructuralSimilarity.Mean(tensor(x).reshape(b, 1, t, h, w), tensor(y).reshape(b, 1, t, h, w)).item<float>();

        Assert.Equal(expected, actual, 4);
    }

    [Fact]
    public void A_faint_haze_over_a_black_background_costs_far_more_ssim_than_mse_and_its_gradient_removes_it()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var square = new float[2 * 32 * 32];
        for (var i = 0; i < square.Length; i++)
        {
            var (y, x) = (i / 32 % 32, i % 32);
            square[i] = y is >= 10 and < 16 && x is >= 10 and < 16 ? 1f : 0f;
        }
        var target = tensor(square).reshape(1, 1, 2, 32, 32);
        var haze = TensorArithmetic.Full([1, 1, 2, 32, 32], 0.03).requires_grad_(true);
        var hazy = target.maximum(haze);

        var ssim = StructuralSimilarity.Mean(hazy, target);
        var mse = (hazy - target).Squared().mean().item<float>();
        ssim.backward();

        Assert.True(mse < 0.001, $"the haze's MSE {mse}");
        Assert.True(ssim.item<float>() < 0.5, $"the haze's SSIM {ssim.item<float>()}"); // identical frames score 1
        var gradient = haze.grad!;
        Assert.True(gradient[0, 0, 0, 0, 0].item<float>() < 0, "raising SSIM lowers the haze over the background");
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.Mean(zeros([1, 1, 1, 8, 8]), zeros([1, 1, 1, 8, 8])));
    }
}
