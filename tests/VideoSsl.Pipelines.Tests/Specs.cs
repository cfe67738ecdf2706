using VideoSsl.Cli.Stages;
using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

/// <summary>Small specs and a Batch target shared by the tests.</summary>
internal static class Specs
{
    public const string Local = """
        name: tiny
        datasets:
          digits:
            synth: { generator: moving-digits, count: 10, seed: 1 }
            ingest: { color: gray }
          actions:
            synth: { generator: actions, videosPerClass: 4, seed: 2 }
        stages:
          ingest: { fps: 10, size: 32, frames: 8 }
          pretrain: { datasets: [digits, actions], steps: 20 }
          evaluate: { dataset: actions, labelsPerClass: [2] }
        """;

    /// <summary>One labeled blob dataset used for pretraining and evaluation.</summary>
    public const string Cloud = """
        name: cloudy
        datasets:
          clips:
            source: blob:raw/labeled
            labels: ucf101
        stages:
          pretrain: { steps: 100, resume: true }
          evaluate: { dataset: clips, labelsPerClass: [1, 5] }
        schedule:
          every: PT24H
          start: 2025-01-01T02:00:00Z
        azure:
          partitions: 4
        """;

    public static PipelineSpec Parse(string yaml, string file = "test.yaml") => SpecLoader.Parse(yaml, file, StageVerbs.All);

    /// <summary>A spec file, loaded as the CLI loads it.</summary>
    public static PipelineSpec Load(string path) => SpecLoader.LoadFile(path, StageVerbs.All);

    /// <summary>One of the shipped specs in pipelines/.</summary>
    public static PipelineSpec Shipped(string file) => Load(Path.Combine(VideoSsl.Testing.RepoPaths.Root, "pipelines", file));

    public static BatchTarget Target => new()
    {
        BatchEndpoint = new Uri("https://acct.westeurope.batch.azure.com"),
        CpuPoolId = "cpu-pool",
        GpuPoolId = "gpu-pool",
        StorageAccountUrl = new Uri("https://stacct.blob.core.windows.net/"),
        IdentityClientId = "11111111-2222-3333-4444-555555555555",
        IdentityResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-videossl",
    };
}
