using System.Text.Json;
using System.Threading.Channels;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Inference.Classification;

/// <summary>One video's label, its probability and every class's (null when it failed), its status and, when it failed, ingest's reason.</summary>
public sealed record ClassifiedVideo(string Path, string? Label, double? Probability, IReadOnlyDictionary<string, double>? Probabilities, string Status, string? Reason);

/// <summary>The outcome of <c>videossl classify</c>; serialized as <c>{"videos": [...]}</c> with the run and classes beside.</summary>
public sealed record ClassifyReport(string Run, IReadOnlyList<string> Classes, IReadOnlyList<ClassifiedVideo> Videos, double Seconds)
{
    /// <summary>Videos that could not be decoded into a clip.</summary>
    public int Failed => Videos.Count(v => v.Status == InputStatus.Quarantined);

    // Every key of a video is written, null where it has no value (a failed video's label), so readers see one shape.
    private static readonly JsonSerializerOptions Json = new(BlobStoreExtensions.Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    /// <summary>The report as JSON: <c>{"run", "classes", "videos": [{"path", "label", "probability", "probabilities", "status", "reason"}]}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Run, Classes, Videos }, Json);
}

/// <summary>Labels every video of a source with a saved classifier: its clips cut as the classifier's were, up to its views per video, softmax averaged as evaluate does.</summary>
public static class ClassifyRunner
{
    /// <summary>The status of a video that got a label.</summary>
    public const string Classified = "classified";

    /// <summary>Classifies <paramref name="source"/>; writes <see cref="ClassifyOptions.Out"/> (this partition's file) when given.</summary>
    public static async Task<ClassifyReport> RunAsync(ClassifyOptions options, IBlobStore store, IVideoSource source, Action<string> log, CancellationToken cancellationToken = default)
    {
        var (clock, device, checkpoint) = await RunCheckpointStart.OpenAsync("classify", options.Validate(), options.Device, store, options.Run, cancellationToken).ConfigureAwait(false);
        var info = checkpoint.Header.Classifier
            ?? throw new CheckpointException($"Run '{options.Run}' holds a pretrained encoder, not a classifier; make one with `videossl finetune --run {options.Run} --labeled <folder> --out-run <name>`.");
        log($"Classifying {source.Description} with run '{options.Run}' ({info.Classes.Count} classes, fine-tuned from '{info.PretrainRun}' step {info.PretrainStep}) on {TorchRuntime.Describe(device)}.");
        var videos = options.Videos.StartReading(source, info.Spec, cancellationToken);
        var results = await Task.Factory.StartNew(() => Classify(checkpoint, device, videos, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        var report = new ClassifyReport(options.Run, info.Classes, results, clock.Elapsed.TotalSeconds);
        if (options.Out is { } target)
        {
            await OutputTarget.WriteAsync(OutputTarget.ForPartition(target, options.Videos.Partition), System.Text.Encoding.UTF8.GetBytes(report.ToJson()), store, cancellationToken).ConfigureAwait(false);
        }
        return report;
    }

    // The tensor thread: each video's views scored in one batch, so a video's label never depends on its neighbours.
    private static List<ClassifiedVideo> Classify(Checkpoint checkpoint, Device device, ChannelReader<DecodedVideo> videos, CancellationToken cancellationToken)
    {
        using var saved = ClassifierCheckpoint.Load(checkpoint, device);
        var classes = saved.Info.Classes;
        var results = new List<ClassifiedVideo>();
        while (videos.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
        {
            while (videos.TryRead(out var video))
            {
                if (!video.Succeeded)
                {
                    results.Add(new ClassifiedVideo(video.Path, null, null, null, InputStatus.Quarantined, video.Reason));
                    continue;
                }
                var views = LabeledClips.Views(video.Clips, saved.Info.Views).ToList();
                var logits = FineTuner.Predict(saved.Classifier, views, saved.Info.Spec.Shape);
                var p = MultiView.Aggregate([.. views.Select(_ => video.Path)], logits, [.. views.Select(_ => 0)]).Probabilities[0];
                var best = Array.IndexOf(p, p.Max());
                results.Add(new ClassifiedVideo(video.Path, classes[best], p[best],
                    classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (double)p[x.i], StringComparer.Ordinal), Classified, null));
            }
        }
        return results;
    }
}
