using VideoSsl.Clips;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>Computes frozen clip features (the encoder's pooled clip features, no masking) for linear probes and retrieval.</summary>
public static class FeatureExtractor
{
    /// <summary>One feature row of <see cref="VideoEncoder.FeatureDim"/> values per clip, in the order given.</summary>
    /// <param name="encoder">Already on <paramref name="device"/>; it runs in eval mode and its train/eval mode is restored after.</param>
    /// <param name="clips">uint8 clips laid out [T][H][W][C] as <paramref name="shape"/> says. Clips longer than the
    /// encoder's <see cref="VideoModelConfig.Frames"/> are cut to their first Frames frames; frames of another size are resized whole.</param>
    public static float[][] Extract(VideoEncoder encoder, IReadOnlyList<byte[]> clips, ClipShape shape, Device device, int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var config = encoder.Config;
        var augmenter = ModelInput.Augmenter(shape, config, config.Frames);
        ModelInput.CheckClips(clips, shape);
        var features = new float[clips.Count][];
        ModelInput.InEvalBatches(encoder, clips, augmenter, config, device, batchSize, (start, _, _, video) =>
            ModelInput.Rows(encoder.Features(video)).CopyTo(features, start)); // (B, D) rows
        return features;
    }
}
