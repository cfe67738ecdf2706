using VideoSsl.Clips;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>Computes frozen clip features (the encoder's mean-pooled tokens, no masking) for linear probes and retrieval.</summary>
public static class FeatureExtractor
{
    /// <summary>One feature row of <see cref="VideoEncoder.Dim"/> values per clip, in the order given.</summary>
    /// <param name="encoder">Already on <paramref name="device"/>; it runs in eval mode and its train/eval mode is restored after.</param>
    /// <param name="clips">uint8 clips laid out [T][H][W][C] as <paramref name="shape"/> says. Clips longer than the
    /// encoder's <see cref="VideoMaeConfig.Frames"/> are cut to their first Frames frames; frames of another size are resized whole.</param>
    public static float[][] Extract(VideoEncoder encoder, IReadOnlyList<byte[]> clips, ClipShape shape, Device device, int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var config = encoder.Config;
        var augmenter = ModelInput.Augmenter(shape, config, config.Frames);
        ModelInput.CheckClips(clips, shape);
        var features = new float[clips.Count][];
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < clips.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, clips.Count - start);
                var pixels = ModelInput.Pixels(clips, ModelInput.Range(start, count), augmenter);
                var rows = ModelInput.Rows(encoder.Features(ModelInput.Video(pixels, count, config.Frames, config, device))); // (B, D)
                rows.CopyTo(features, start);
            }
        }
        finally
        {
            encoder.train(wasTraining);
        }
        return features;
    }
}
