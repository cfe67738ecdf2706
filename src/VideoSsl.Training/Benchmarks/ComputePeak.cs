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
/// <param name="Layers">The model's convolution and linear layers, each call trained alone (<see cref="MeasureLayers"/>); null when not measured.</param>
/// <param name="ClipsPerStep">Clips in one training step (batch × accumulation), to print times per step.</param>
public sealed record ComputeEfficiency(double ForwardMultiplyAddsPerClip, double ClipsPerSecond, double MatmulGflops, int MatmulSize, double LayerGflops, string Layer, LayersAlone? Layers = null, int ClipsPerStep = 1)
{
    /// <summary>Multiply-adds of one training step per clip: forward and backward, backward counted as 2 × forward.</summary>
    public double StepMultiplyAddsPerClip => 3 * ForwardMultiplyAddsPerClip;

    /// <summary>Achieved GFLOP/s: 2 FLOPs per multiply-add.</summary>
    public double AchievedGflops => 2 * StepMultiplyAddsPerClip * ClipsPerSecond / 1e9;

    /// <summary>libtorch's best rate here: the faster of the matmul and the model's largest layer.</summary>
    public double PeakGflops => Math.Max(MatmulGflops, LayerGflops);

    /// <summary>The achieved rate over <see cref="PeakGflops"/>, in percent (target for the CPU: ≥ 50).</summary>
    public double PercentOfPeak => 100 * AchievedGflops / PeakGflops;

    /// <summary>Seconds of one training step, from <see cref="ClipsPerSecond"/>.</summary>
    public double StepSeconds => ClipsPerStep / ClipsPerSecond;

    /// <summary>The layers' own rate over <see cref="PeakGflops"/>, in percent: what the step would reach if nothing but its layers took time.</summary>
    public double LayersPercentOfPeak => Layers is null ? double.NaN : 100 * Layers.Gflops / PeakGflops;

    /// <summary>The share of the step the layers alone would take, in percent; the rest is everything between them (norms, activations, copies, the loss, the optimizer, the batch).</summary>
    public double LayersPercentOfStep => Layers is null ? double.NaN : 100 * Layers.SecondsPerClip * ClipsPerStep / StepSeconds;

    public override string ToString() =>
        $"compute: {StepMultiplyAddsPerClip / 1e6:F1} M multiply-adds per clip per step ({ForwardMultiplyAddsPerClip / 1e6:F1} M forward, backward 2x), {AchievedGflops:F1} GFLOP/s achieved; "
        + $"libtorch here: fp32 matmul {MatmulSize}x{MatmulSize} {MatmulGflops:F1} GFLOP/s, the model's largest layer {Layer} forward {LayerGflops:F1} GFLOP/s; "
        + $"{PercentOfPeak:F0} % of peak (the faster of the two; target >= 50 % on CPU)"
        + (Layers is null ? "" : Environment.NewLine
            + $"layers alone: the {Layers.Calls} conv/linear calls of a step, each trained alone at its training shape and layout (forward + backward, best of repeats), take "
            + $"{Layers.SecondsPerClip * ClipsPerStep * 1000:F2} of the {StepSeconds * 1000:F2} ms step ({LayersPercentOfStep:F0} %) at {Layers.Gflops:F1} GFLOP/s: {LayersPercentOfPeak:F0} % of peak, "
            + "the most this model's shapes reach here");

    /// <summary>Trains each of <paramref name="calls"/> alone on <paramref name="device"/> (a random input of its shape and layout, with a gradient where training gave it one; forward, then backward from a gradient of ones), for about <paramref name="secondsPerCall"/> each, and weighs the fastest time by how often the call was made per clip.</summary>
    /// <param name="clips">Clips the calls were counted over (steps × clips per step).</param>
    /// <remarks>Leaves gradients in the layers' parameters: call it when training is over.</remarks>
    public static LayersAlone MeasureLayers(Device device, IReadOnlyCollection<LayerCallCount> calls, double clips, double secondsPerCall = 0.25)
    {
        double seconds = 0, multiplyAdds = 0;
        foreach (var (call, channelsLast, inputNeedsGrad, count) in calls)
        {
            var layer = (Module<Tensor, Tensor>)call.Layer!;
            using var random = randn(call.Input, device: device);
            using var input = channelsLast ? ChannelsLast.Of(random) : random.clone();
            input.requires_grad_(inputNeedsGrad);
            var best = BestSeconds(device, secondsPerCall, () =>
            {
                var output = layer.call(input);
                output.backward([ones_like(output)]);
            });
            seconds += count * best;
            multiplyAdds += count * (double)call.MultiplyAdds;
            layer.zero_grad();
        }
        return new LayersAlone(calls.Count, seconds / clips, multiplyAdds / clips);
    }

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

    // The fastest of repeated calls (after one to warm up; what each allocates is freed with it) within about `seconds`: the machine's rate, not the load's.
    private static double BestSeconds(Device device, double seconds, Action work)
    {
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < 50 && (i < 3 || total.Elapsed.TotalSeconds < seconds); i++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                work();
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

/// <summary>A model's convolution and linear layers timed alone (<see cref="ComputeEfficiency.MeasureLayers"/>).</summary>
/// <param name="Calls">Distinct calls timed.</param>
/// <param name="SecondsPerClip">Their fastest forward + backward times, weighed by how often training made each, per clip.</param>
/// <param name="ForwardMultiplyAddsPerClip">Their forward multiply-adds per clip.</param>
public sealed record LayersAlone(int Calls, double SecondsPerClip, double ForwardMultiplyAddsPerClip)
{
    /// <summary>Their rate, counted as the step is (backward 2 × forward, 2 FLOPs per multiply-add).</summary>
    public double Gflops => 2 * 3 * ForwardMultiplyAddsPerClip / SecondsPerClip / 1e9;
}
