namespace VideoSsl.Synth.Actions;

/// <summary>Settings of the labeled motion-actions set (64×64 RGB, 20 frames at 10 fps, 40 videos per class by default).</summary>
public sealed record ActionsOptions
{
    /// <summary>Videos per class, train and test together.</summary>
    public int VideosPerClass { get; init; } = 40;

    /// <summary>Fraction of each class's videos listed in testlist01.txt (rounded to whole videos); the rest train.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Width and height in pixels (even, for yuv420p); sizes and speeds scale with it.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Frames per video.</summary>
    public int Frames { get; init; } = 20;

    /// <summary>Frame rate written into the MP4.</summary>
    public int Fps { get; init; } = 10;

    /// <summary>Seed of everything random; the same seed gives byte-identical files.</summary>
    public int Seed { get; init; }

    /// <summary>Videos encoded at the same time (one ffmpeg process each).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Videos of each class in the test list.</summary>
    public int TestVideosPerClass => (int)Math.Round(VideosPerClass * TestFraction, MidpointRounding.AwayFromZero);

    /// <summary>Returns every problem, each naming its setting as the command line does; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() => SynthChecks.Failed(
        (VideosPerClass > 0, $"videos-per-class: {VideosPerClass} must be positive"),
        (TestFraction is >= 0 and <= 1, $"test-fraction: {TestFraction} must be in [0, 1]"),
        (Size >= 16 && Size % 2 == 0, $"size: {Size} must be even and at least 16"),
        (Frames >= 2, $"frames: {Frames} must be at least 2 (motion needs two frames)"),
        (Fps > 0, $"fps: {Fps} must be positive"),
        (Workers > 0, $"workers: {Workers} must be positive"));
}
