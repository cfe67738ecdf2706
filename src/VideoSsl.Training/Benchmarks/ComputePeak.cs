using System.Diagnostics;
using TorchSharp;
using VideoSsl.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Training.Benchmarks;

/// <summary>How close training runs to what libtorch reaches on this machine: the step's multiply-adds per clip, the achieved rate, and libtorch's own peak measured in the same process.</summary>
/// <param name="ForwardMultiplyAddsPerClip">Forward multiply-adds per clip, averaged over the untimed steps before the early sample (the objectives' mix).</param>
/// <param name="ClipsPerSecond">The training throughput the rate is computed from.</param>
/// <param name="MatmulGflops">A large fp32 matmul (<paramref name="MatmulSize"/>²) on the same device and threads.</param>
/// <param name="LayerGflops">The model's costliest layer call (<paramref name="Layer"/>), forward, at its training shape, in the faster of the default and the channels-last layout.</param>
public sealed record ComputeEfficiency(double ForwardMultiplyAddsPerClip, double ClipsPerSecond, double MatmulGflops, int MatmulSize, double LayerGflops, string Layer)
{
    /// <summary>Multiply-adds of one training step per clip: forward and backward, backward counted as 2 × forward.</summary>
    public double StepMultiplyAddsPerClip => 3 * ForwardMultiplyAddsPerClip;

    /// <summary>Achieved GFLOP/s: 2 FLOPs per multiply-add.</summary>
    public double AchievedGflops => 2 * StepMultiplyAddsPerClip * ClipsPerSecond / 1e9;

    /// <summary>libtorch's best rate here: the faster of the matmul and the model's largest layer.</summary>
    public double PeakGflops => Math.Max(MatmulGflops, LayerGflops);

    /// <summary>The achieved rate over <see cref="PeakGflops"/>, in percent (target for the CPU: ≥ 50).</summary>
    public double PercentOfPeak => 100 * AchievedGflops / PeakGflops;

    public override string ToString() =>
        $"compute: {StepMultiplyAddsPerClip / 1e6:F1} M multiply-adds per clip per step ({ForwardMultiplyAddsPerClip / 1e6:F1} M forward, backward 2x), {AchievedGflops:F1} GFLOP/s achieved; "
        + $"libtorch here: fp32 matmul {MatmulSize}x{MatmulSize} {MatmulGflops:F1} GFLOP/s, the model's largest layer {Layer} forward {LayerGflops:F1} GFLOP/s; "
        + $"{PercentOfPeak:F0} % of peak (the faster of the two; target >= 50 % on CPU)";

    /// <summary>Measures libtorch's rates on <paramref name="device"/> with the current thread count: a matmul and one call of <paramref name="layer"/> at its shape, each repeated for about <paramref name="seconds"/>.</summary>
    public static (double MatmulGflops, int MatmulSize, double LayerGflops) MeasurePeak(Device device, LayerCall layer, double seconds = 1.0)
    {
        var size = device.type == DeviceType.CUDA ? 8192 : 2048;
        double matmul, conv = 0;
        using (var _ = no_grad())
        {
            using var a = randn([size, size], device: device);
            using var b = randn([size, size], device: device);
            matmul = 2.0 * size * size * size / BestSeconds(device, seconds, () => a.matmul(b)) / 1e9;
            if (layer.Layer is Module<Tensor, Tensor> module)
            {
                // The faster of the two memory layouts: the conv model runs channels-last, where oneDNN is fastest.
                using var input = randn(layer.Input, device: device);
                var best = BestSeconds(device, seconds / 2, () => module.call(input));
                if (input.dim() == 4)
                {
                    using var channelsLast = ChannelsLast.Of(input);
                    best = Math.Min(best, BestSeconds(device, seconds / 2, () => module.call(channelsLast)));
                }
                conv = 2.0 * layer.MultiplyAdds / best / 1e9;
            }
        }
        return (matmul, size, conv);
    }

    // The fastest of repeated calls (after one to warm up) within about `seconds`: the machine's rate, not the load's.
    private static double BestSeconds(Device device, double seconds, Func<Tensor> work)
    {
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < 50 && (i < 3 || total.Elapsed.TotalSeconds < seconds); i++)
        {
            var clock = Stopwatch.StartNew();
            using (work())
            {
                if (device.type == DeviceType.CUDA)
                {
                    cuda.synchronize(device);
                }
            }
            if (i > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
        }
        return best;
    }
}
