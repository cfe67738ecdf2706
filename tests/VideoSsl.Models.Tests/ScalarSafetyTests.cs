using TorchSharp;
using TorchSharp.Modules;
using VideoSsl.Testing;
using static TorchSharp.torch;

namespace VideoSsl.Models.Tests;

/// <summary>
/// TorchSharp 0.107 leaves the Scalars it makes from numbers to the GC finalizer while libtorch reads them. With
/// collections forced back to back on another thread, the project's own tensor paths must never fail; before
/// <see cref="Scalars"/>, <see cref="TensorArithmetic"/> and <see cref="SafeAdamW"/> these tests failed within a few
/// seconds ("Expected false to be true ... Scalar.h:140", or a crashed test host).
/// </summary>
public class ScalarSafetyTests
{
    private static readonly TimeSpan Pressure = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("VSSL_PRESSURE_S") ?? "3"));

    public ScalarSafetyTests()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(2);
    }

    [Fact]
    public void Clip_bytes_convert_to_and_from_tensors_under_constant_collections()
    {
        byte[] pixels = [0, 1, 2, 3, 128, 255];
        var outcome = GcPressure.Run(() =>
        {
            using var scope = NewDisposeScope();
            for (var i = 0; i < 20; i++)
            {
                using var video = Tubelets.FromClipBytes(pixels, 1, 1, 2, 3, 1, CPU);
                Assert.Equal(1f, video.max().item<float>());
            }
            Assert.Equal(pixels, Tubelets.ToClipBytes(Tubelets.FromClipBytes(pixels, 1, 1, 2, 3, 1, CPU)));
        }, Pressure, minRuns: 100);
        Assert.True(outcome.Failures == 0, outcome.ToString());
    }

    [Fact]
    public void Tensor_arithmetic_with_numbers_is_right_under_constant_collections()
    {
        var outcome = GcPressure.Run(() =>
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 1f, 2f, 3f });
            var y = x.Plus(x).Minus(1).Times(3).Over(2).Plus(0.5);                                // ((2x − 1)·3 / 2) + 0.5
            Assert.Equal(new[] { 2f, 5f, 8f }, y.data<float>().ToArray());
            Assert.Equal(new[] { 0f, -1f, -2f }, TensorArithmetic.Minus(1, x).data<float>().ToArray());
            Assert.Equal(new[] { 1.5f, 2f, 2f }, x.Clamped(1.5, 2).data<float>().ToArray());
            Assert.Equal(new[] { 2.5f, 2.5f, 3f }, x.AtLeast(2.5).data<float>().ToArray());
            Assert.Equal(new[] { 7f, 7f }, TensorArithmetic.Full([2], 7).data<float>().ToArray());
            Assert.Equal(new[] { 1f, 4f, 9f }, x.Squared().data<float>().ToArray());
            Assert.Equal(new[] { 3L, 4L }, TensorArithmetic.Range(3, 5).data<long>().ToArray());
        }, Pressure, minRuns: 1000);
        Assert.True(outcome.Failures == 0, outcome.ToString());
    }

    [Fact]
    public void SafeAdamW_takes_the_same_steps_as_TorchSharps_AdamW()
    {
        static float[] Train(Func<IEnumerable<AdamW.ParamGroup>, AdamW> create)
        {
            manual_seed(4);
            var weight = new Parameter(randn(6, 5));
            var bias = new Parameter(randn(6));
            using var optimizer = create(
            [
                new AdamW.ParamGroup([weight], 0.01, 0.9, 0.95, 1e-8, 0.1, false, false),
                new AdamW.ParamGroup([bias], 0.005, 0.9, 0.95, 1e-8, 0.0, false, false),
            ]);
            for (var step = 0; step < 25; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var x = randn(8, 5);
                nn.functional.linear(x, weight, bias).Squared().mean().backward();
                optimizer.step();
            }
            return [.. weight.data<float>().ToArray(), .. bias.data<float>().ToArray()];
        }

#pragma warning disable RS0030 // TorchSharp's own AdamW is the reference here, stepped without collections running
        var reference = Train(groups => optim.AdamW(groups, 0.01, 0.9, 0.95, 1e-8, 0.1));
#pragma warning restore RS0030
        var safe = Train(groups => new SafeAdamW(groups, 0.01, 0.9, 0.95, 1e-8, 0.1));

        Assert.Equal(reference, safe);
    }

    [Theory]
    [InlineData(VideoArch.Conv)]
    [InlineData(VideoArch.Vit)]
    public void Training_steps_of_both_objectives_run_under_constant_collections(VideoArch arch)
    {
        using var model = VideoModel.Create(Synthetic.Config() with { Arch = arch, FrameChannels = 4, Kernel = 3 });
        using var optimizer = new SafeAdamW(model.parameters(), lr: 1e-3, weightDecay: 0.05);
        using var video = Synthetic.Video(model.Config, batch: 2);
        var rng = new DeterministicRng(5);
        var outcome = GcPressure.Run(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.MaskedLoss(video, TubeMask.Sample(model.Config, 2, 0.75, rng)).Plus(model.FutureLoss(video, new FutureLossTerms(Relative: true)));
            loss.backward();
            optimizer.step();
            using (no_grad())
            {
                Assert.True(float.IsFinite(loss.item<float>()));
                _ = model.Predict(video.narrow(2, 0, model.Config.ContextFrames));
            }
        }, Pressure, minRuns: 20);
        Assert.True(outcome.Failures == 0, outcome.ToString());
    }
}
