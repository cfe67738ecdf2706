using TorchSharp;
using VideoSsl.Clips;
using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>What a classifier's checkpoint adds to its header: the classes it scores, how its clips are cut, how many views a video averages, and the pretraining it started from.</summary>
/// <param name="Classes">Class names in the head's output order.</param>
/// <param name="Spec">The clips the classifier was trained and tested on (decode new videos the same way).</param>
/// <param name="Views">Most clips per video whose softmax is averaged, as at its test.</param>
/// <param name="PretrainRun">The pretraining run whose encoder was fine-tuned.</param>
/// <param name="PretrainStep">That run's checkpoint step.</param>
public sealed record ClassifierInfo(IReadOnlyList<string> Classes, ClipSpec Spec, int Views, string PretrainRun, int PretrainStep);

/// <summary>Saves a fine-tuned <see cref="VideoClassifier"/> as a run's checkpoint and loads it back (the one checkpoint format, with <see cref="CheckpointHeader.Classifier"/> set).</summary>
public static class ClassifierCheckpoint
{
    /// <summary>A checkpoint of <paramref name="classifier"/> after <paramref name="steps"/> fine-tuning steps, carrying the pretraining checkpoint's model config, signature and options.</summary>
    public static Checkpoint Create(VideoClassifier classifier, int steps, Checkpoint pretrained, ClassifierInfo info)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (info.Classes.Count != classifier.Classes)
        {
            throw new ArgumentException($"{info.Classes.Count} class names for a head of {classifier.Classes} classes.", nameof(info));
        }
        using var stream = new MemoryStream();
        classifier.save(stream);
        var header = pretrained.Header;
        var checkpoint = Checkpoint.Create(steps, 0, header.Model, header.Signature, header.Options, [], stream.ToArray(), []);
        return checkpoint with { Header = checkpoint.Header with { Classifier = info } };
    }

    /// <summary>The classifier of <paramref name="checkpoint"/> on <paramref name="device"/>, in eval mode.</summary>
    /// <exception cref="CheckpointException">The checkpoint holds a pretrained model, not a classifier.</exception>
    public static SavedClassifier Load(Checkpoint checkpoint, Device device)
    {
        var info = checkpoint.Header.Classifier
            ?? throw new CheckpointException("The checkpoint holds a pretrained model, not a classifier; make one with `videossl finetune --run <run> --labeled <folder> --out-run <name>`.");
        // Building the modules draws initial weights from torch's global generator; the caller's state is given back.
        using var state = get_rng_state();
        var model = VideoModel.Create(checkpoint.Header.Model);
        var classifier = new VideoClassifier(model.Encoder, info.Classes.Count);
        set_rng_state(state);
        using (var stream = new MemoryStream(checkpoint.Model, writable: false))
        {
            classifier.load(stream);
        }
        classifier.to(device);
        classifier.eval();
        return new SavedClassifier(model, classifier, info, checkpoint.Header.Step);
    }
}

/// <summary>A loaded classifier and what its checkpoint says about it; disposing it frees the model it was built in.</summary>
public sealed class SavedClassifier(VideoModel model, VideoClassifier classifier, ClassifierInfo info, int steps) : IDisposable
{
    /// <summary>The classifier, in eval mode.</summary>
    public VideoClassifier Classifier { get; } = classifier;

    /// <summary>Classes, clip spec, views and provenance.</summary>
    public ClassifierInfo Info { get; } = info;

    /// <summary>Fine-tuning steps it was trained for.</summary>
    public int Steps { get; } = steps;

    public void Dispose()
    {
        Classifier.Dispose();
        model.Dispose();
    }
}
