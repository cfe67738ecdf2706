using VideoSsl.Inference.Decoding;

namespace VideoSsl.Inference.Classification;

/// <summary>Settings of <c>videossl classify</c>: which saved classifier, which videos, and where the labels go.</summary>
public sealed record ClassifyOptions : IReadsVideoSource
{
    /// <summary>The classifier run (made by videossl finetune --out-run) whose checkpoint labels the videos.</summary>
    public string Run { get; init; } = "classifier";

    /// <summary>The videos to classify and how they are decoded.</summary>
    public VideoSourceOptions Videos { get; init; } = new();

    /// <summary>Also write the JSON to this file: a local path, or store:path for a blob in the store; with several partitions each writes FILE.part-i-of-n.json.</summary>
    public string? Out { get; init; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Run))
        {
            problems.Add("run: give the classifier run (videossl finetune --out-run)");
        }
        if (string.IsNullOrWhiteSpace(Videos.Source))
        {
            problems.Add("source: give a video file, a folder, or blob:<container>/<prefix>");
        }
        Videos.AddProblems(problems);
        return problems;
    }
}
