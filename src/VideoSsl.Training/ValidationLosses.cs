using VideoSsl.Models;
using VideoSsl.Rendering;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>
/// The validation losses of a run: each trained objective on the same held-out clips (prepared without augmentation)
/// with the same tube masks at every measurement, in eval mode without gradients, one dispose scope per batch.
/// </summary>
/// <remarks>
/// Nothing here draws from torch's generator or the input pipeline, so measuring changes no training loss, and a
/// resumed run measures exactly what the uninterrupted one did. The masks come from a fixed stream, not the run's seed,
/// so runs with different seeds are compared on the same masked tubes.
/// </remarks>
internal sealed class ValidationLosses
{
    private const long MaskSeed = 0x5EED;
    private const ulong MaskStream = 31;
    private const byte Background = 96;

    private readonly VideoModelConfig _config;
    private readonly ObjectiveOptions _objective;
    private readonly List<(byte[] Pixels, int Count, TubeMask Mask)> _batches = [];

    /// <param name="clips">Held-out clips, each already the model's frames × size × size × channels.</param>
    public ValidationLosses(IReadOnlyList<byte[]> clips, VideoModelConfig config, ObjectiveOptions objective, int batchSize)
    {
        _config = config;
        _objective = objective;
        Clips = clips;
        for (var start = 0; start < clips.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, clips.Count - start);
            var mask = TubeMask.Sample(config, count, objective.MaskRatio, DeterministicRng.For(MaskSeed, MaskStream, start / batchSize));
            _batches.Add(([.. clips.Skip(start).Take(count).SelectMany(c => c)], count, mask));
        }
    }

    /// <summary>The held-out clips.</summary>
    public IReadOnlyList<byte[]> Clips { get; }

    /// <summary>The mean loss per clip of each objective the run trains (null for one it does not).</summary>
    public (double? Masked, double? Future) Measure(VideoModel model, Device device)
    {
        bool masked = _objective.FutureRatio < 1, future = _objective.FutureRatio > 0;
        double maskedSum = 0, futureSum = 0;
        InEval(model, () =>
        {
            foreach (var (pixels, count, mask) in _batches)
            {
                using var scope = NewDisposeScope();
                var video = Tubelets.FromClipBytes(pixels, count, _config.Frames, _config.ImageSize, _config.ImageSize, _config.Channels, device);
                // One read-back per objective and batch: a device sync, but only at validation steps.
                maskedSum += masked ? model.MaskedLoss(video, mask, _objective.NormalizeTargets).item<float>() * count : 0;
                futureSum += future ? model.FutureLoss(video, _objective.FutureTerms()).item<float>() * count : 0;
            }
        });
        var clips = Clips.Count;
        return (masked ? maskedSum / clips : null, future ? futureSum / clips : null);
    }

    /// <summary>Prediction strips of the first <paramref name="count"/> held-out clips: context then true future on top, the predicted future under it.</summary>
    public IReadOnlyList<RgbImage> Strips(VideoModel model, Device device, int count, int scale = 2)
    {
        var n = Math.Min(count, Clips.Count);
        var images = new List<RgbImage>(n);
        if (n == 0)
        {
            return images;
        }
        byte[] predicted = [];
        InEval(model, () =>
        {
            using var scope = NewDisposeScope();
            var video = Tubelets.FromClipBytes([.. Clips.Take(n).SelectMany(c => c)], n, _config.Frames, _config.ImageSize, _config.ImageSize, _config.Channels, device);
            predicted = Tubelets.ToClipBytes(model.Predict(video.narrow(2, 0, _config.ContextFrames))); // (n, C, Tf, S, S) → [n][Tf][S][S][C]
        });
        var frameBytes = _config.ImageSize * _config.ImageSize * _config.Channels;
        var futureBytes = (_config.Frames - _config.ContextFrames) * frameBytes;
        for (var i = 0; i < n; i++)
        {
            images.Add(FrameRows.Render(_config.ImageSize, _config.ImageSize, _config.Channels, scale, Background,
                new FrameRow(Clips[i]), new FrameRow(predicted.AsMemory(i * futureBytes, futureBytes), _config.ContextFrames)));
        }
        return images;
    }

    private static void InEval(VideoModel model, Action body)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            body();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
