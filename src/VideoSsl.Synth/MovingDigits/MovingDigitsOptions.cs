namespace VideoSsl.Synth.MovingDigits;

/// <summary>Settings of a Moving MNIST-style data set; the defaults follow the standard protocol (64×64, two 28×28 digits, 20 frames).</summary>
public sealed record MovingDigitsOptions
{
    /// <summary>Number of videos.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Frames per video (OpenSTL: 10 input + 10 target).</summary>
    public int Frames { get; init; } = 20;

    /// <summary>Width and height of the square canvas in pixels (even, for yuv420p).</summary>
    public int CanvasSize { get; init; } = 64;

    /// <summary>Digits moving in each video.</summary>
    public int DigitsPerVideo { get; init; } = 2;

    /// <summary>Side of the procedural digit images; images from an IDX file keep their own size.</summary>
    public int DigitSize { get; init; } = 28;

    /// <summary>
    /// Distance per frame as a fraction of the free range (canvas − digit), as in OpenSTL's generator
    /// (openstl/datasets/dataloader_moving_mnist.py: step_length_ = 0.1); 0.1 is 3.6 px/frame on 64/28.
    /// </summary>
    public double StepLength { get; init; } = 0.1;

    /// <summary>Frame rate written into the MP4.</summary>
    public int Fps { get; init; } = 10;

    /// <summary>Seed of everything random; the same seed gives byte-identical files.</summary>
    public int Seed { get; init; }

    /// <summary>An MNIST-format idx3-ubyte file (optionally gzipped) to take digits from; null draws procedural digits.</summary>
    public string? IdxPath { get; init; }

    /// <summary>Videos encoded at the same time (one ffmpeg process each).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(Count > 0, nameof(Count), "must be positive");
        Require(Frames > 0, nameof(Frames), "must be positive");
        Require(CanvasSize >= 8 && CanvasSize % 2 == 0, nameof(CanvasSize), "must be even and at least 8");
        Require(DigitsPerVideo >= 0, nameof(DigitsPerVideo), "must not be negative");
        Require(DigitSize > 0 && DigitSize <= CanvasSize, nameof(DigitSize), "must be positive and fit the canvas");
        Require(StepLength >= 0 && double.IsFinite(StepLength), nameof(StepLength), "must be a finite non-negative number");
        Require(Fps > 0, nameof(Fps), "must be positive");
        Require(Workers > 0, nameof(Workers), "must be positive");
    }

    private void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} {rule} (got {GetType().GetProperty(name)!.GetValue(this)}).", name);
        }
    }
}
