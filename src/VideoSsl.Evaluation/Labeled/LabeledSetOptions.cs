namespace VideoSsl.Evaluation.Labeled;

/// <summary>How to read a labeled dataset folder.</summary>
public sealed class LabeledSetOptions
{
    /// <summary>The layout; <see cref="LabeledLayout.Auto"/> detects it.</summary>
    public LabeledLayout Layout { get; set; } = LabeledLayout.Auto;

    /// <summary>UCF101 split number N (trainlist0N.txt/testlist0N.txt), 1 to 9.</summary>
    public int SplitNumber { get; set; } = 1;

    /// <summary>Folder per class without split folders: the fraction of each class held out as test (0 keeps all for training).</summary>
    public double TestFraction { get; set; }

    /// <summary>Seed of the held-out selection.</summary>
    public int Seed { get; set; }

    /// <summary>File name extensions taken as videos in the folder-per-class layout; null means the ingestion default list.</summary>
    public string? Extensions { get; set; }

    /// <summary>Returns every problem with the options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SplitNumber is < 1 or > 9)
        {
            problems.Add($"split: {SplitNumber} is outside [1, 9]");
        }
        if (!(TestFraction is >= 0 and < 1))
        {
            problems.Add($"test-fraction: {TestFraction} is outside [0, 1)");
        }
        return problems;
    }
}
