using VideoSsl.Clips;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>One clip's future-frame prediction: context, true future and predicted future, each [T][H][W][C] floats in [0, 1].</summary>
/// <param name="ContextShape">Layout of <paramref name="Context"/>: the model's ContextFrames frames.</param>
/// <param name="TargetShape">Layout of <paramref name="Target"/> and <paramref name="Predicted"/>: the next Frames − ContextFrames frames.</param>
public sealed record FutureFrameClip(float[] Context, float[] Target, float[] Predicted, ClipShape ContextShape, ClipShape TargetShape);

/// <summary>Runs a video model's future-frame prediction over clips and returns plain arrays for the metrics and baselines.</summary>
/// <remarks>
/// Each clip is cut to its first Frames frames and resized to the model's size as in <see cref="FeatureExtractor"/>; the
/// first ContextFrames of those are the context the encoder sees, the rest are the target. Context and target are the
/// model's input pixels divided by 255, so metrics compare the prediction with exactly what the model was asked to predict.
/// </remarks>
public static class FutureFrameEvaluator
{
    /// <summary>Predictions for <paramref name="clips"/> (uint8 [T][H][W][C] as <paramref name="shape"/> says), in order.</summary>
    /// <param name="model">Already on <paramref name="device"/>; it runs in eval mode and its train/eval mode is restored after.</param>
    public static IReadOnlyList<FutureFrameClip> Predict(VideoModel model, IReadOnlyList<byte[]> clips, ClipShape shape, Device device, int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var config = model.Config;
        var augmenter = ModelInput.Augmenter(shape, config, config.Frames);
        ModelInput.CheckClips(clips, shape);
        var contextShape = new ClipShape(config.ContextFrames, config.ImageSize, config.ImageSize, config.Channels);
        var targetShape = contextShape with { Frames = config.Frames - config.ContextFrames };
        var results = new List<FutureFrameClip>(clips.Count);
        ModelInput.InEvalBatches(model, clips, augmenter, config, device, batchSize, (_, count, pixels, video) =>
        {
            var predicted = model.Predict(video.narrow(2, 0, config.ContextFrames))                 // (B, C, Tf, S, S)
                .permute(0, 2, 3, 4, 1).contiguous().cpu().data<float>().ToArray();                 // [B][Tf][S][S][C]
            for (var b = 0; b < count; b++)
            {
                var clip = pixels.AsSpan(b * augmenter.OutputBytes, augmenter.OutputBytes);
                results.Add(new FutureFrameClip(
                    ToUnit(clip[..contextShape.ClipBytes]),
                    ToUnit(clip.Slice(contextShape.ClipBytes, targetShape.ClipBytes)),
                    predicted.AsSpan(b * targetShape.ClipBytes, targetShape.ClipBytes).ToArray(),
                    contextShape,
                    targetShape));
            }
        });
        return results;
    }

    private static float[] ToUnit(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            values[i] = bytes[i] / 255f;
        }
        return values;
    }
}
