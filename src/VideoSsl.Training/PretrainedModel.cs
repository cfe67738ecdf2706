using TorchSharp;
using VideoSsl.Models;
using VideoSsl.Storage;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>Loads a trained video model from a run's checkpoint, for evaluation, fine-tuning and prediction.</summary>
public static class PretrainedModel
{
    /// <summary>Loads the model of <paramref name="checkpointPath"/>, or of the run's latest checkpoint when it is null, in eval mode on <paramref name="device"/>.</summary>
    /// <remarks>Call on the thread that will use the model. Build a classifier with <c>new VideoClassifier(model.Encoder, classes)</c>.</remarks>
    public static async Task<(VideoModel Model, CheckpointHeader Header)> LoadAsync(IBlobStore store, string runName, string? checkpointPath = null, Device? device = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        var checkpoint = await Checkpoint.FindAsync(store, runName, checkpointPath, cancellationToken).ConfigureAwait(false);
        return (FromCheckpoint(checkpoint, device ?? CPU), checkpoint.Header);
    }

    /// <summary>Builds the model a checkpoint describes and loads its weights.</summary>
    /// <exception cref="CheckpointException">The checkpoint holds a classifier (<see cref="Supervised.ClassifierCheckpoint"/>), not a pretrained model.</exception>
    public static VideoModel FromCheckpoint(Checkpoint checkpoint, Device device)
    {
        if (checkpoint.Header.Classifier is { } classifier)
        {
            throw new CheckpointException($"The checkpoint holds a classifier fine-tuned from run '{classifier.PretrainRun}', not a pretrained model; give that run instead.");
        }
        var model = VideoModel.Create(checkpoint.Header.Model);
        using (var stream = new MemoryStream(checkpoint.Model, writable: false))
        {
            model.load(stream);
        }
        model.to(device);
        model.eval();
        return model;
    }
}
