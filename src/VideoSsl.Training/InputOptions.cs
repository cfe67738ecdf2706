namespace VideoSsl.Training;

/// <summary>How the input pipeline turns clips into batches: batch size, shard shuffling and augmentation.</summary>
/// <remarks>Part of <see cref="PretrainOptions"/>; a resumed run must keep every value (see <see cref="TrainingSignature"/>).</remarks>
public sealed record InputOptions
{
    /// <summary>Clips per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Shards whose clips are shuffled together (shards themselves are shuffled every epoch).</summary>
    public int ShuffleShards { get; init; } = 4;

    /// <summary>Random resized crop and horizontal flip (and a random temporal crop when clips are longer than the model's frames).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Smallest crop area, as a fraction of the frame, for random resized crop.</summary>
    public double CropScaleMin { get; init; } = 0.6;

    /// <summary>Probability of a horizontal flip.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Returns the problems, each naming its setting; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BatchSize < 1)
        {
            problems.Add($"batch-size: {BatchSize} must be at least 1");
        }
        if (ShuffleShards < 1)
        {
            problems.Add($"shuffle-shards: {ShuffleShards} must be at least 1");
        }
        if (CropScaleMin is not (> 0 and <= 1))
        {
            problems.Add($"crop-scale-min: {CropScaleMin} is outside (0, 1]");
        }
        if (FlipProbability is not (>= 0 and <= 1))
        {
            problems.Add($"flip-probability: {FlipProbability} is outside [0, 1]");
        }
        return problems;
    }
}
