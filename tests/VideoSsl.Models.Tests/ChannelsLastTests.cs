using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models.Tests;

/// <summary>
/// The conv model's channels-last pieces compute what the layers they replaced computed: the folded patch embedding is
/// the stride-P convolution of the normalised, filled frames (values and gradients), and the layout moves are the
/// reshapes, cat and pixel shuffle they stand for, in channels-last memory.
/// </summary>
public class ChannelsLastTests
{
    public ChannelsLastTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void The_folded_patch_embedding_is_the_convolution_of_the_filled_normalised_frames_with_the_same_gradients()
    {
        manual_seed(5);
        long b = 2, c = 3, t = 3, size = 16;
        const int p = 4, d = 8;
        var fill = Parameter(randn([1, c, 1, 1, 1]));
        using var embedding = new FramePatchEmbedding("patch_embed", (int)c, d, p, () => fill);
        using var video = rand([b, c, t, size, size]);
        using var visible = rand([b, 1, t, size, size]).round();

        var folded = embedding.call(cat([video * visible, visible], 1));
        var (weight, bias) = (embedding.parameters().First(x => x.dim() == 4), embedding.parameters().First(x => x.dim() == 1));
        var x = video.Minus(0.5).Over(0.25).mul(visible).Plus(fill.mul(TensorArithmetic.Minus(1, visible)));                              // the layer before this one
        var frames = cat([x, visible], 1).transpose(1, 2).reshape(b * t, c + 1, size, size);
        var reference = functional.conv2d(frames, weight, bias, strides: [p, p]);

        Assert.Equal([b * t, d, size / p, size / p], folded.shape);
        Assert.True(ChannelsLast.Is(folded));
        Assert.True(folded.allclose(reference, rtol: 1e-4, atol: 1e-4), $"max difference {(folded - reference).abs().max().item<float>()}");

        using var upstream = randn(folded.shape);
        var grads = autograd.grad([(folded * upstream).sum()], [weight, bias, fill]);
        var expected = autograd.grad([(reference * upstream).sum()], [weight, bias, fill]);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(grads[i].allclose(expected[i], rtol: 1e-3, atol: 1e-3), $"gradient {i}: max difference {(grads[i] - expected[i]).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void With_nothing_hidden_the_embedding_is_the_same_without_the_visibility_channel_in_value_and_gradients()
    {
        manual_seed(6);
        long b = 2, c = 3, t = 3, size = 16;
        var fill = Parameter(randn([1, c, 1, 1, 1]));
        using var embedding = new FramePatchEmbedding("patch_embed", (int)c, 8, 4, () => fill);
        using var video = rand([b, c, t, size, size]);
        var parameters = new[] { embedding.parameters().First(x => x.dim() == 4), embedding.parameters().First(x => x.dim() == 1), fill };

        var shortcut = embedding.call(video);
        var reference = embedding.call(cat([video, ones([b, 1, t, size, size])], 1));
        Assert.True(ChannelsLast.Is(shortcut));
        Assert.True(shortcut.allclose(reference, rtol: 1e-5, atol: 1e-5), $"max difference {(shortcut - reference).abs().max().item<float>()}");
        Assert.True((shortcut - embedding.call(cat([video, zeros([b, 1, t, size, size])], 1))).abs().max().item<float>() > 1e-2, "a hidden frame would embed otherwise");
        Assert.Throws<ArgumentException>(() => embedding.call(rand([b, c + 2, t, size, size])));

        using var upstream = randn(shortcut.shape);
        var grads = autograd.grad([(shortcut * upstream).sum()], parameters);
        var expected = autograd.grad([(reference * upstream).sum()], parameters);
        for (var i = 0; i < parameters.Length; i++)
        {
            Assert.True(grads[i].allclose(expected[i], rtol: 1e-4, atol: 1e-4), $"gradient {i}: max difference {(grads[i] - expected[i]).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Frames_stack_into_channels_frame_major_and_back()
    {
        long b = 2, t = 3, h = 4, s = 5;
        using var perFrame = randn(b * t, h, s, s);
        var stacked = ChannelsLast.StackFrames(ChannelsLast.Of(perFrame), b);
        Assert.True(ChannelsLast.Is(stacked));
        Assert.True(Same(stacked, perFrame.reshape(b, t * h, s, s)));                     // what the model did before
        var back = ChannelsLast.UnstackFrames(stacked, t);
        Assert.True(ChannelsLast.Is(back));
        Assert.True(Same(back, perFrame));
        Assert.True(Same(ChannelsLast.StackFrames(perFrame, b), stacked));                 // either layout in
    }

    [Fact]
    public void Concat_and_unpatchify_are_cat_and_pixel_shuffle()
    {
        long b = 2, t = 3, s = 4;
        const int c = 3, p = 2;
        using var states = randn(b * t, 5, s, s);
        using var embedded = randn(b * t, 6, s, s);
        var joined = ChannelsLast.Concat(ChannelsLast.Of(states), embedded);
        Assert.True(ChannelsLast.Is(joined));
        Assert.True(Same(joined, cat([states, embedded], 1)));

        using var patches = randn(b * t, c * p * p, s, s);
        var reference = functional.pixel_shuffle(patches, p).reshape(b, t, c, s * p, s * p).transpose(1, 2);
        Assert.True(Same(ChannelsLast.Unpatchify(ChannelsLast.Of(patches), b, c, p), reference));
    }

    [Fact]
    public void The_conv_model_runs_every_convolution_channels_last()
    {
        var config = VideoModelConfig.ConvTiny with { Depth = 2 };
        using var model = VideoModel.Create(config);
        var layouts = new List<(string Name, bool ChannelsLast)>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is TorchSharp.Modules.Convolution conv)
            {
                conv.register_forward_hook((_, input, output) =>
                {
                    layouts.Add((name, ChannelsLast.Is(input) && ChannelsLast.Is(output)));
                    return output;
                });
            }
        }
        using var video = rand([2, config.Channels, config.Frames, config.ImageSize, config.ImageSize]);
        using var _ = no_grad();
        using var future = model.FutureLoss(video);
        using var masked = model.MaskedLoss(video, TubeMask.Sample(config, 2, 0.75, new DeterministicRng(1)));
        Assert.Equal(2 * (2 + (2 * 3) + 2) - 1, layouts.Count);                            // to frames, 3 per block, decoder 2; to future once
        Assert.All(layouts, l => Assert.True(l.ChannelsLast, l.Name));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);
}
