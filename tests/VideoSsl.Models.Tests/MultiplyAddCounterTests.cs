using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models.Tests;

/// <summary>Multiply-adds counted from the layers' shapes: single layers of known shape, a small stack, and the conv model against its hand sum.</summary>
public class MultiplyAddCounterTests
{
    public MultiplyAddCounterTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void A_linear_layer_costs_its_outputs_times_its_in_features()
    {
        using var linear = Linear(10, 20);
        using var counter = new MultiplyAddCounter(linear);
        using var _ = no_grad();
        using var y = linear.call(randn(4, 10));
        Assert.Equal(4 * 20 * 10, counter.Total);
    }

    [Theory]
    [InlineData(3, 8, 3, 1, 1, 2 * 8 * 16 * 16 * 3 * 9)]   // plain 3×3, padded: every output sees 3 channels × 9 taps
    [InlineData(8, 8, 5, 2, 8, 2 * 8 * 16 * 16 * 1 * 25)]  // depthwise: one input channel per output
    [InlineData(8, 4, 1, 0, 2, 2 * 4 * 16 * 16 * 4)]       // grouped 1×1: in channels / groups
    public void A_convolution_costs_its_outputs_times_its_inputs_per_group_and_kernel(int inChannels, int outChannels, int kernel, int padding, int groups, long expected)
    {
        using var conv = Conv2d(inChannels, outChannels, kernel, padding: padding, groups: groups);
        using var counter = new MultiplyAddCounter(conv);
        using var _ = no_grad();
        using var y = conv.call(randn(2, inChannels, 16, 16));
        Assert.Equal(expected, counter.Total);
    }

    [Fact]
    public void A_strided_and_a_transposed_convolution_count_what_they_compute()
    {
        using var _ = no_grad();
        using var patches = Conv2d(4, 64, 8, stride: 8);            // (2, 4, 64, 64) → (2, 64, 8, 8), 4 × 64 products each
        using var up = ConvTranspose2d(8, 4, 2, stride: 2);         // each of 8 × 5 × 5 inputs feeds 4 channels × 2 × 2 outputs
        using var volume = Conv3d(2, 3, 3, padding: 1);             // (1, 2, 4, 6, 6) → (1, 3, 4, 6, 6), 2 × 27 products each
        Assert.Equal(2 * 64 * 8 * 8 * (4 * 64), Count(patches, randn(2, 4, 64, 64)));
        Assert.Equal(8 * 5 * 5 * (4 * 2 * 2), Count(up, randn(1, 8, 5, 5)));
        Assert.Equal(3 * 4 * 6 * 6 * (2 * 27), Count(volume, randn([1, 2, 4, 6, 6])));
    }

    [Fact]
    public void A_small_model_totals_the_hand_sum_of_its_layers_per_call_and_stops_when_disposed()
    {
        using var model = Sequential(("conv", Conv2d(3, 4, 3, padding: 1)), ("relu", ReLU()), ("flat", Flatten()), ("fc", Linear(4 * 6 * 6, 5)));
        using var _ = no_grad();
        using var x = randn(2, 3, 6, 6);
        const long handSum = (2 * 4 * 6 * 6 * 3 * 9) + (2 * 5 * 4 * 6 * 6);
        var counter = new MultiplyAddCounter(model);
        using (model.call(x))
        {
        }
        Assert.Equal(handSum, counter.Total);
        using (model.call(x))
        {
        }
        Assert.Equal(2 * handSum, counter.Total);
        Assert.Equal("Conv2d (2, 3, 6, 6)", counter.Largest.ToString());
        counter.Dispose();
        using (model.call(x))
        {
        }
        Assert.Equal(2 * handSum, counter.Total);
    }

    [Fact]
    public void Each_distinct_call_is_recorded_with_its_layout_its_need_for_a_gradient_and_how_often_it_was_made()
    {
        using var model = Sequential(("a", Conv2d(3, 4, 3, padding: 1)), ("relu", ReLU()), ("b", Conv2d(4, 2, 1)));
        var firstConv = model.named_children().First().module;
        using var counter = new MultiplyAddCounter(model);
        using var plain = randn(2, 3, 6, 6);
        using var channelsLast = ChannelsLast.Of(plain);
        for (var i = 0; i < 3; i++)
        {
            using var y = model.call(plain);
        }
        using (model.call(channelsLast))
        {
        }
        var calls = counter.Calls.OrderBy(c => c.Call.Layer == firstConv ? 0 : 1).ThenBy(c => c.Count).ToList();
        Assert.Equal(4, calls.Count);                                   // each conv once per layout: oneDNN picks kernels by layout
        var (firstCl, first) = (calls[0], calls[1]);                  // by count: the channels-last call was made once
        Assert.Same(firstConv, first.Call.Layer);
        Assert.Equal([2L, 3, 6, 6], first.Call.Input);
        Assert.Equal((1L, true), (firstCl.Count, firstCl.ChannelsLast));
        Assert.Equal((3L, false), (first.Count, first.ChannelsLast));
        Assert.False(first.InputNeedsGrad);                             // the input is data
        Assert.True(calls[3].InputNeedsGrad);                           // the second conv's input comes out of the first
        Assert.Equal(2L * 4 * 6 * 6 * 3 * 9, first.Call.MultiplyAdds);
        Assert.Equal(counter.Total, counter.Calls.Sum(c => c.Count * c.Call.MultiplyAdds));
    }

    [Fact]
    public void A_transformer_blocks_calls_are_its_linear_layers_not_the_block()
    {
        using var block = new TransformerBlock("b", 16, 2, 2.0);
        using var counter = new MultiplyAddCounter(block);
        using (block.call(randn(2, 10, 16)))
        {
        }
        Assert.Equal(4, counter.Calls.Count);                           // qkv, proj, fc1, fc2: timing the block too would count them twice
        Assert.All(counter.Calls, c => Assert.IsType<TorchSharp.Modules.Linear>(c.Call.Layer));
    }

    [Fact]
    public void A_transformer_block_adds_attention_to_its_linear_layers()
    {
        using var block = new TransformerBlock("b", 16, 2, 2.0);
        long b = 2, n = 10, d = 16;
        var linears = (b * n * 3 * d * d) + (b * n * d * d) + (b * n * 2 * d * d) + (b * n * d * 2 * d); // qkv, proj, fc1, fc2
        var attention = 2 * b * n * n * d;                                                             // scores and weighted sum, all heads
        Assert.Equal(linears + attention, Count(block, randn(b, n, d)));
    }

    [Fact]
    public void The_conv_models_future_objective_costs_the_hand_sum_of_its_layers()
    {
        var config = VideoModelConfig.ConvTiny;
        using var model = VideoModel.Create(config);
        long b = 2, c = config.Channels, p = config.PatchSize, d = config.Dim, h = config.FrameChannels, k = config.Kernel, s = config.GridS;
        long tc = config.ContextFrames, tf = config.Frames - config.ContextFrames, ch = tc * h, hidden = 2 * ch; // MLP ratio 2
        long embed = (tc * d * s * s * c * p * p) + (tc * h * s * s * d);                                    // patch embed (all visible: no visibility channel), to frames
        long block = (ch * s * s * k * k) + (hidden * s * s * ch) + (ch * s * s * hidden);                   // depthwise, mix1, mix2
        long future = tf * h * s * s * ch;                                                                     // the future frames' states
        long decoder = (tf * d * s * s * (h + d) * 9) + (tf * c * p * p * s * s * d);                        // 3×3 mix, 1×1 prediction
        using var counter = new MultiplyAddCounter(model);
        using var _ = no_grad();
        using var loss = model.FutureLoss(rand([b, c, config.Frames, config.ImageSize, config.ImageSize]));
        Assert.Equal(b * (embed + (config.Depth * block) + future + decoder), counter.Total);
    }

    private static long Count(Module<Tensor, Tensor> layer, Tensor input)
    {
        using var counter = new MultiplyAddCounter(layer);
        using (input)
        using (layer.call(input))
        {
        }
        return counter.Total;
    }
}
