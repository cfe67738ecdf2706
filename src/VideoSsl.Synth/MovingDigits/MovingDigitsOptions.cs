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

    /// <summary>Returns every problem, each naming its setting as the command line does; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() => SynthChecks.Failed(
        (Count > 0, $"count: {Count} must be positive"),
        (Frames > 0, $"frames: {Frames} must be positive"),
        (CanvasSize >= 8 && CanvasSize % 2 == 0, $"canvas-size: {CanvasSize} must be even and at least 8"),
        (DigitsPerVideo >= 0, $"digits-per-video: {DigitsPerVideo} must not be negative"),
        (DigitSize > 0 && DigitSize <= CanvasSize, $"digit-size: {DigitSize} must be positive and fit the canvas ({CanvasSize})"),
        (StepLength >= 0 && double.IsFinite(StepLength), $"step-length: {StepLength} must be a finite non-negative number"),
        (Fps > 0, $"fps: {Fps} must be positive"),
        (Workers > 0, $"workers: {Workers} must be positive"));
}
