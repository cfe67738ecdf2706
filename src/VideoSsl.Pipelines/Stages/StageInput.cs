namespace VideoSsl.Pipelines.Stages;

/// <summary>What a pipeline puts into a stage's command line by meaning; each stage verb says which of its settings or options takes it.</summary>
public enum StageInput
{
    /// <summary>Synth: the folder the videos are written to. Embed and classify: the file in the store their output goes to (<c>store:runs/{run}/...</c>).</summary>
    Out,

    /// <summary>Ingest: the folder or <c>blob:container/prefix</c> the videos are read from. Embed and classify: the same, which the spec names.</summary>
    Source,

    /// <summary>Ingest, and a synth verb that writes straight into the store (moving-mnist): the dataset the clips are stored under. Evaluate: the labeled dataset, which the spec names. Embed: an ingested dataset to embed instead of a source.</summary>
    Dataset,

    /// <summary>Ingest: the label layout of a labeled dataset.</summary>
    Labels,

    /// <summary>Ingest, embed and classify on Azure Batch: the share of the videos one task takes (i/N).</summary>
    Partition,

    /// <summary>Pretrain: the datasets learned from, one flag each.</summary>
    Datasets,

    /// <summary>Pretrain: sequences generated on the fly (moving-mnist), which the spec may name instead of datasets; the stage then waits for no ingest.</summary>
    Generate,

    /// <summary>Pretrain, evaluate and embed: the run.</summary>
    Run,

    /// <summary>Pretrain: the step trained to, which the spec may set; the stage is done there, and each run adds it again with <c>resume: true</c>.</summary>
    Steps,

    /// <summary>Pretrain: continue the run's latest checkpoint (added when one exists).</summary>
    Resume,

    /// <summary>Evaluate: the labeled dataset's videos, i.e. its source.</summary>
    Labeled,

    /// <summary>Evaluate: the label layout of those videos.</summary>
    Layout,

    /// <summary>Evaluate: the dataset of held-out clips scored for future frames, which the spec names.</summary>
    FutureDataset,

    /// <summary>Pretrain and evaluate: the torch device (a stage on the GPU pool requires CUDA).</summary>
    Device,
}
