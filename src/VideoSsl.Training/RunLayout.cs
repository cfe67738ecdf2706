namespace VideoSsl.Training;

/// <summary>Where a run's outputs live in the store: runs/{name}/...</summary>
public sealed record RunLayout(string RunName)
{
    public string Root => $"runs/{RunName}";
    public string Config => $"{Root}/config.json";
    public string Metrics => $"{Root}/metrics.jsonl";
    public string LossCurve => $"{Root}/loss.png";
    public string CheckpointFolder => $"{Root}/checkpoints/";
    public string LatestPointer => $"{Root}/checkpoints/latest.json";
    public string Checkpoint(int step) => $"{Root}/checkpoints/step-{step:D6}.ckpt";
    public string Predictions => $"{Root}/predictions";

    /// <summary>TensorBoard event files: train/ and validation/ below it.</summary>
    public string TensorBoard => $"{Root}/tensorboard";
}
