namespace VideoSsl.Synth;

/// <summary>Progress of a generation run: <paramref name="Completed"/> of <paramref name="Total"/> videos are on disk, <paramref name="Skipped"/> of them from an earlier run.</summary>
/// <param name="Completed">Videos finished so far, written or skipped.</param>
/// <param name="Total">Videos the run will have when done.</param>
/// <param name="Skipped">Videos found already on disk and left alone.</param>
/// <param name="LastFile">The relative path of the video that just finished, or null for the initial report.</param>
public readonly record struct SynthProgress(int Completed, int Total, int Skipped, string? LastFile);
