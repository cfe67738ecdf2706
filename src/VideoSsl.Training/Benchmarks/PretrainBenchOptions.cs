using VideoSsl.Models;

namespace VideoSsl.Training.Benchmarks;

/// <summary>What `videossl bench pretrain-input` and `pretrain-memory` measure: which data, which model, how many steps.</summary>
public sealed record PretrainBenchOptions
{
    /// <summary>Ingested dataset to train on.</summary>
    public string Dataset { get; init; } = "default";

    /// <summary>Measured steps (per phase).</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Step of the early memory sample (pretrain-memory).</summary>
    public int EarlyStep { get; init; } = 100;

    /// <summary>Clips per batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Model family: conv or vit.</summary>
    public VideoArch Arch { get; init; } = VideoArch.Conv;

    /// <summary>Model preset.</summary>
    public string Preset { get; init; } = "tiny";

    /// <summary>Alternating rounds of the store-fed and memory-fed phases; totals are compared (pretrain-input).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>auto (CUDA when present), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Runs pretrain-memory once per malloc configuration, each in a child process, and prints them side by side.</summary>
    public bool CompareAllocators { get; init; }

    /// <summary>The pretraining run the benchmark trains.</summary>
    public PretrainOptions Pretrain() => new() { Dataset = Dataset, Input = new() { BatchSize = BatchSize }, Arch = Arch, Preset = Preset, RunName = "bench", Device = Device };
}
