namespace VideoSsl.Evaluation.Labeled;

/// <summary>One annotated video: its path relative to the dataset folder ('/'-separated), class name and split.</summary>
public sealed record LabeledVideo(string Path, string Label, string Split);

/// <summary>The split names every layout is mapped onto.</summary>
public static class Splits
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";
}
