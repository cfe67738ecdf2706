namespace VideoSsl.Synth.Digits;

/// <summary>One part of the digits' training/test split (<see cref="DigitSets"/>).</summary>
public enum DigitSplit
{
    /// <summary>The test digits: what the benchmark's test set is drawn from.</summary>
    Test,

    /// <summary>The training digits: what training batches and validation sets are drawn from.</summary>
    Train,
}
