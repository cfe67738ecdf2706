using VideoSsl.Evaluation.Protocols;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Tests.Protocols;

// Reads torch's global generator: no other test of this assembly may draw from it meanwhile.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "torch's global generator";
}

[Collection(GlobalGeneratorCollection.Name)]
public class RandomEncoderTests
{
    private static readonly VideoModelConfig Config = VideoModelConfig.ConvTiny with
    {
        Frames = 4, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 2, Dim = 16, Depth = 1, FrameChannels = 4, Kernel = 3,
    };

    private static float[] Weights(VideoModel model)
    {
        using (model)
        {
            return [.. model.parameters().SelectMany(p => p.detach().cpu().flatten().data<float>().ToArray())];
        }
    }

    [Fact]
    public void Random_encoder_init_is_drawn_from_the_seed_reproducibly()
    {
        TorchRuntime.EnsureLoaded();
        var seed0 = Weights(ClassificationProtocols.RandomModel(Config, 0));
        var again = Weights(ClassificationProtocols.RandomModel(Config, 0));
        var seed1 = Weights(ClassificationProtocols.RandomModel(Config, 1));

        Assert.Equal(seed0, again);
        Assert.NotEqual(seed0, seed1);
        // Not the start pretraining with seed 0 draws (it seeds torch with its seed directly).
        manual_seed(0);
        Assert.NotEqual(seed0, Weights(VideoModel.Create(Config)));
    }

    [Fact]
    public void Drawing_a_random_encoder_leaves_torchs_generator_where_it_was()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(42);
        using var expected = rand(8);
        manual_seed(42);
        ClassificationProtocols.RandomModel(Config, 3).Dispose();
        using var actual = rand(8);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }
}
