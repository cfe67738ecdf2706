using VideoSsl.Clips;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Models;
using VideoSsl.Training;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Inference;

/// <summary>The encoder of a run's checkpoint, pretrained or inside a fine-tuned classifier, and the clips it takes; disposing it frees the model.</summary>
public sealed class TrainedEncoder : IDisposable
{
    private readonly IDisposable _owner;

    private readonly Device _device;

    private TrainedEncoder(VideoEncoder encoder, IDisposable owner, ClipSpec spec, Device device)
    {
        (Encoder, _owner, Spec, _device) = (encoder, owner, spec, device);
    }

    /// <summary>The encoder, in eval mode on the device it was loaded to.</summary>
    public VideoEncoder Encoder { get; }

    /// <summary>How videos are cut for it: a classifier's own spec, else the labeled sets' (<see cref="LabeledClips.SpecFor"/>).</summary>
    public ClipSpec Spec { get; }

    /// <summary>Loads the encoder of <paramref name="checkpoint"/> on <paramref name="device"/>; call on the thread that will use it.</summary>
    public static TrainedEncoder Load(Checkpoint checkpoint, Device device)
    {
        if (checkpoint.Header.Classifier is not null)
        {
            var saved = ClassifierCheckpoint.Load(checkpoint, device);
            return new TrainedEncoder(saved.Classifier.Encoder, saved, saved.Info.Spec, device);
        }
        var model = PretrainedModel.FromCheckpoint(checkpoint, device);
        return new TrainedEncoder(model.Encoder, model, SpecOf(checkpoint), device);
    }

    /// <summary>The clip spec of <paramref name="checkpoint"/>'s encoder, without loading it.</summary>
    public static ClipSpec SpecOf(Checkpoint checkpoint) => checkpoint.Header.Classifier?.Spec ?? LabeledClips.SpecFor(checkpoint.Header.Model);

    /// <summary>The features of <paramref name="clips"/> (each of <paramref name="shape"/>) in one forward pass: what embed writes for a batch, and what bench embed times.</summary>
    public float[][] Embed(IReadOnlyList<byte[]> clips, ClipShape shape) =>
        FeatureExtractor.Extract(Encoder, clips, shape, _device, clips.Count);

    public void Dispose() => _owner.Dispose();
}
