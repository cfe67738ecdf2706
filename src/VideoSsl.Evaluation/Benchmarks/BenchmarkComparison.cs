namespace VideoSsl.Evaluation.Benchmarks;

/// <summary>A benchmark's comparison table: this run and its baselines next to published results, each with the budget it took.</summary>
/// <param name="Name">The benchmark (<c>--benchmark</c>).</param>
/// <param name="Source">Where the published rows come from.</param>
/// <param name="Notes">What differs between the two sides and how to read the table.</param>
public sealed record BenchmarkComparison(string Name, string Source, IReadOnlyList<BenchmarkRow> Rows, IReadOnlyList<string> Notes);

/// <summary>One row: a predictor, its size and budget, and its future-frame metrics on the benchmark's test set.</summary>
/// <param name="ParamsMillions">Parameters in millions; null for baselines.</param>
/// <param name="Gflops">Forward FLOPs per sequence in G, as published; null where not known.</param>
/// <param name="Epochs">Training epochs of 10 000 sequences ("—" for baselines).</param>
/// <param name="Training">Where and how long it trained.</param>
/// <param name="Psnr">PSNR in dB; null where not published.</param>
/// <param name="Published">True for rows copied from the published table, false for rows this run measured.</param>
public sealed record BenchmarkRow(string Method, double? ParamsMillions, double? Gflops, string Epochs, string Training, double Mse, double Mae, double Ssim, double? Psnr, bool Published);

/// <summary>What the evaluated run cost: its model, the sequences it trained on and how long pretraining took where.</summary>
/// <param name="Sequences">Training sequences seen (steps × batch × accumulation).</param>
/// <param name="WallSeconds">Pretraining wall time as its metrics recorded it; null when unknown.</param>
/// <param name="Device">What it trained on, e.g. "cpu (2 threads)".</param>
public sealed record RunBudget(string Model, long Parameters, long Sequences, double? WallSeconds, string Device);
