using VideoSsl.Synth.Digits;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>Settings of <c>videossl synth moving-mnist</c>: the fixed Moving MNIST test set, written straight into the store as a dataset.</summary>
public sealed record MovingMnistTestOptions
{
    /// <summary>Dataset name the sequences are written to (datasets/{name}/ in the store).</summary>
    public string Dataset { get; init; } = "moving-mnist-test";

    /// <summary>Sequences in the test set (the protocol: 10 000).</summary>
    public int Count { get; init; } = MovingMnist.SequencesPerEpoch;

    /// <summary>Seed of the sequences; the same seed and digits give byte-identical clips.</summary>
    public int Seed { get; init; }

    /// <summary>Which digits of the split (DigitSets) the sequences are drawn from: test (the benchmark's test set) or train (a validation set to choose settings on without touching a test digit; training batches draw other sequences).</summary>
    public DigitSplit Split { get; init; } = DigitSplit.Test;

    /// <summary>Where the digits come from; the test set uses the test digits of the split (DigitSets).</summary>
    public DigitOptions Digits { get; init; } = new();

    /// <summary>Returns the problems, each naming its setting; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Count < 1)
        {
            problems.Add($"count: {Count} must be at least 1");
        }
        if (string.IsNullOrWhiteSpace(Dataset))
        {
            problems.Add("dataset: a dataset name is required");
        }
        if (!Enum.IsDefined(Split))
        {
            problems.Add($"split: {Split} is not test or train");
        }
        problems.AddRange(Digits.Validate());
        return problems;
    }
}
