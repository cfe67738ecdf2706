using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Synth.Digits;
using VideoSsl.Synth.MovingDigits;

namespace VideoSsl.Training;

/// <summary>What a pretraining run learns from: the model sized to the data, the data's version, held-out clips for the validation losses, and the batch source.</summary>
/// <param name="Version">The data's version as the checkpoint records it (a dataset version, or the generator's digits).</param>
/// <param name="Validation">Held-out clips prepared as the model takes them; empty validates nothing.</param>
/// <param name="Message">What to tell the user about the data before training, or null.</param>
/// <param name="Open">The batch source starting at a micro-batch index (0, or where a resumed run left off).</param>
internal sealed record TrainingInput(string Version, VideoModelConfig Config, IReadOnlyList<byte[]> Validation, string? Message, Func<long, IBatchSource> Open)
{
    /// <summary>The ingested dataset(s) of <paramref name="options"/> at <paramref name="version"/>, some of their videos held out for validation.</summary>
    public static async Task<TrainingInput> FromStoreAsync(PretrainOptions options, IBlobStore store, string? version, TorchSharp.torch.Device device, CancellationToken cancellationToken)
    {
        var (dataset, config) = await TrainingStart.OpenAsync(options, store, version, cancellationToken).ConfigureAwait(false);
        var holdOut = HoldOut.Split(dataset.Entries, options.ValidationVideos, options.ValidationClips);
        var validation = await ReadPreparedAsync(dataset, holdOut.Validation, config, cancellationToken).ConfigureAwait(false);
        var message = options.ValidationVideos <= 0 ? null
            : validation.Count == 0 ? "No videos held out for validation: every dataset has fewer than 5 videos."
            : $"Validation: {holdOut.HeldOutVideos} videos held out of training; losses on {validation.Count} of their clips every {options.ValidateEvery} steps. Training on {holdOut.Training.Count} clips.";
        var settings = options.Pipeline(config, device);
        return new TrainingInput(dataset.Info.Version, config, validation, message, first => new ClipBatchPipeline(dataset, settings, first, holdOut.Training));
    }

    /// <summary>Sequences generated on the fly (<see cref="PretrainOptions.Generate"/>) from the training digits; validation on generated sequences no batch draws.</summary>
    public static async Task<TrainingInput> GeneratedAsync(PretrainOptions options, TorchSharp.torch.Device device, CancellationToken cancellationToken)
    {
        var config = options.ModelConfig(PretrainOptions.GeneratedShape);
        var problems = config.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The model does not fit Moving MNIST sequences ({PretrainOptions.GeneratedShape}): " + string.Join("; ", problems) + ".", nameof(options));
        }
        MovingMnistBatchSource.CheckModel(config);
        var digits = await DigitSets.LoadAsync(options.Digits, cancellationToken).ConfigureAwait(false);
        var validation = options.ValidationVideos <= 0 ? [] : MovingMnistBatchSource.HeldOutSequences(digits.Train, options.Seed, options.ValidationClips);
        var settings = options.Pipeline(config, device);
        var epoch = MovingMnist.SequencesPerEpoch / options.Input.BatchSize;
        var message = $"Training on Moving MNIST sequences generated on the fly from {digits.Description}; an epoch (10 000 sequences) is {epoch} micro-batches of {options.Input.BatchSize}"
            + (validation.Count == 0 ? "." : $"; validation losses on {validation.Count} generated sequences no batch draws, every {options.ValidateEvery} steps.");
        return new TrainingInput(digits.Identity, config, validation, message, first => new MovingMnistBatchSource(digits.Train, settings, first));
    }

    // Held-out clips prepared as the model takes them, without augmentation (the first frames, each frame resized whole).
    private static async Task<List<byte[]>> ReadPreparedAsync(ClipDataset dataset, IReadOnlyList<int> clips, VideoModelConfig config, CancellationToken cancellationToken)
    {
        var prepare = new ClipAugmenter(dataset.Shape, config.Frames, config.ImageSize, augment: false, 1, 0);
        var prepared = new List<byte[]>(clips.Count);
        foreach (var clip in clips)
        {
            var pixels = new byte[prepare.OutputBytes];
            prepare.Apply(await dataset.ReadClipAsync(clip, cancellationToken).ConfigureAwait(false), pixels, new DeterministicRng(0));
            prepared.Add(pixels);
        }
        return prepared;
    }
}
