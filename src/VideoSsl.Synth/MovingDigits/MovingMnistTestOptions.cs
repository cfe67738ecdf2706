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
        problems.AddRange(Digits.Validate());
        return problems;
    }
}
