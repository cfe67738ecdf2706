namespace VideoSsl.Synth;

/// <summary>What a generation run left on disk.</summary>
/// <param name="OutputDirectory">The full path of the output folder.</param>
/// <param name="Total">Videos the data set has.</param>
/// <param name="Written">Videos encoded by this run.</param>
/// <param name="Skipped">Videos that already existed and were kept (resumed run).</param>
/// <param name="Files">Every video's path relative to <paramref name="OutputDirectory"/>, with '/' separators, in data-set order.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record SynthSummary(string OutputDirectory, int Total, int Written, int Skipped, IReadOnlyList<string> Files, TimeSpan Elapsed);
