using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>What pretraining and its benchmarks do before the first step: check the options, start the native runtime, open the data and size the model to it.</summary>
internal static class TrainingStart
{
    /// <summary>Validates <paramref name="options"/> and starts libtorch with their threads on their device.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public static Device Runtime(PretrainOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid pretrain options: " + string.Join("; ", problems) + ".", nameof(options));
        }
        TorchRuntime.EnsureLoaded();
        set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        return TorchRuntime.ResolveDevice(options.Device);
    }

    /// <summary>Opens the options' datasets at <paramref name="version"/> (null: current) and the model they describe for that data.</summary>
    /// <exception cref="ArgumentException">The model does not fit the data.</exception>
    public static async Task<(ClipDataset Dataset, VideoModelConfig Config)> OpenAsync(PretrainOptions options, IBlobStore store, string? version, CancellationToken cancellationToken)
    {
        var cache = options.CacheDirectory is null ? null : new ShardCache(options.CacheDirectory);
        var dataset = await ClipDataset.OpenManyAsync(store, options.DatasetNames(), version, cache, cancellationToken).ConfigureAwait(false);
        var config = options.ModelConfig(dataset.Shape);
        var problems = config.Validate();
        return problems.Count == 0
            ? (dataset, config)
            : throw new ArgumentException($"The model does not fit dataset '{options.Dataset}' ({dataset.Shape}): " + string.Join("; ", problems) + ".", nameof(options));
    }
}
