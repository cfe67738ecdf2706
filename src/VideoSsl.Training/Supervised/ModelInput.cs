using VideoSsl.Clips;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>Turns stored clips into model input: checks their geometry and resamples them to the model's frames and size.</summary>
/// <remarks>
/// Without augmentation a clip is cut to its first <c>frames</c> frames (the earliest window, so the future-frame split
/// lines up with the clip's start) and each frame is resized whole, bilinearly, to the model's square size; clips that
/// already match are copied as they are.
/// </remarks>
internal static class ModelInput
{
    public static ClipAugmenter Augmenter(ClipShape shape, VideoModelConfig config, int frames, bool augment = false, double cropScaleMin = 1, double flipProbability = 0)
    {
        if (shape.Channels != config.Channels)
        {
            throw new ArgumentException($"Clips have {shape.Channels} channels; the model takes {config.Channels}.", nameof(shape));
        }
        if (shape.Frames < frames)
        {
            throw new ArgumentException($"Clips have {shape.Frames} frames; the model needs {frames}.", nameof(shape));
        }
        return new ClipAugmenter(shape, frames, config.ImageSize, augment, cropScaleMin, flipProbability);
    }

    public static void CheckClips(IReadOnlyList<byte[]> clips, ClipShape shape)
    {
        for (var i = 0; i < clips.Count; i++)
        {
            if (clips[i].Length != shape.ClipBytes)
            {
                throw new ArgumentException($"Clip {i} has {clips[i].Length} bytes; a {shape} clip has {shape.ClipBytes}.", nameof(clips));
            }
        }
    }

    /// <summary>Resampled bytes [count][frames][S][S][C] of the clips at <paramref name="indices"/>.</summary>
    public static byte[] Pixels(IReadOnlyList<byte[]> clips, IReadOnlyList<int> indices, ClipAugmenter augmenter, DeterministicRng? rng = null)
    {
        var size = augmenter.OutputBytes;
        var pixels = new byte[indices.Count * size];
        rng ??= new DeterministicRng(0); // unused without augmentation
        for (var i = 0; i < indices.Count; i++)
        {
            augmenter.Apply(clips[indices[i]], pixels.AsSpan(i * size, size), rng);
        }
        return pixels;
    }

    /// <summary>A float video (B, C, frames, S, S) in [0, 1] on <paramref name="device"/> from resampled bytes.</summary>
    public static Tensor Video(byte[] pixels, int count, int frames, VideoModelConfig config, Device device) =>
        Tubelets.FromClipBytes(pixels, count, frames, config.ImageSize, config.ImageSize, config.Channels, device);

    public static IReadOnlyList<int> Range(int start, int count) => [.. Enumerable.Range(start, count)];

    /// <summary>Rows of a (N, K) float tensor, copied to the host.</summary>
    public static float[][] Rows(Tensor matrix)
    {
        var (n, k) = ((int)matrix.shape[0], (int)matrix.shape[1]);
        var flat = matrix.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        var rows = new float[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = flat.AsSpan(i * k, k).ToArray();
        }
        return rows;
    }

    public static Device DeviceOf(TorchSharp.torch.nn.Module module) =>
        module.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>
    /// Runs <paramref name="body"/> over the clips in batches, with <paramref name="module"/> in eval mode under no_grad
    /// and each batch in its own dispose scope; the module's training mode is restored afterwards.
    /// </summary>
    /// <param name="body">Gets the batch's first clip index, its clip count, its pixels ([B][T][H][W][C] as the augmenter
    /// made them) and the video tensor (B, C, T, H, W).</param>
    public static void InEvalBatches(TorchSharp.torch.nn.Module module, IReadOnlyList<byte[]> clips, ClipAugmenter augmenter, VideoModelConfig config,
        Device device, int batchSize, Action<int, int, byte[], Tensor> body)
    {
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < clips.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, clips.Count - start);
                var pixels = Pixels(clips, Range(start, count), augmenter);
                body(start, count, pixels, Video(pixels, count, config.Frames, config, device));
            }
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
