using System.Text.RegularExpressions;
using VideoSsl.Pipelines.Stages;

namespace VideoSsl.Pipelines.Spec;

/// <summary>
/// The one check of a spec: turns the file as written (<see cref="SpecFile"/>) into a <see cref="PipelineSpec"/>,
/// reporting every bad value, missing key and dangling reference with its file, line and key.
/// </summary>
/// <remarks>
/// A stage's settings are checked by its verb (<paramref name="verbs"/>): the verb's own options record binds them and
/// runs its own check, so a spec takes exactly the values the verb takes. This class checks what only pipelines have:
/// names, sources, references between datasets and stages, the schedule and Azure.
/// </remarks>
internal sealed partial class SpecValidator(SpecProblems problems, IReadOnlyList<IStageVerb> verbs)
{
    /// <summary>The validated spec; throws <see cref="PipelineSpecException"/> listing every problem.</summary>
    public static PipelineSpec Validate(SpecFile file, string yaml, SpecProblems problems, IReadOnlyList<IStageVerb> verbs)
    {
        var spec = new SpecValidator(problems, verbs).Read(file, yaml);
        problems.ThrowIfAny();
        return spec!;
    }

    private PipelineSpec? Read(SpecFile file, string yaml)
    {
        var name = Required(file.Name, "name");
        if (name is not null && !Identifier().IsMatch(name))
        {
            problems.Add("name", $"'{name}' must be 1-40 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (file.Run is not null && !Identifier().IsMatch(file.Run))
        {
            problems.Add("run", $"'{file.Run}' must be 1-40 letters, digits, '-' or '_', starting with a letter or digit");
        }
        var run = new StageValue(StageInput.Run, file.Run ?? name ?? "", file.Run is null ? "name" : "run");
        var stages = file.Stages ?? new StagesFile();
        OnlyPipelineKeys(stages.Synth, "stages.synth", After);
        var datasets = Datasets(file.Datasets, stages.Ingest);
        var pretrain = Pretrain(stages.Pretrain, datasets, run);
        var evaluate = Evaluate(stages.Evaluate, datasets, pretrain is not null, run);
        var runLayout = new Storage.RunLayout(run.Values[0]);
        var embed = Use(stages.Embed, "embed", [run], runLayout.Embeddings);
        var classify = Use(stages.Classify, "classify", [], runLayout.Classifications);
        RejectOverlappingSources(datasets);
        var spec = new PipelineSpec
        {
            SourceFile = problems.File,
            Name = name ?? "",
            Run = run.Values[0],
            Incremental = Bool(file.Incremental, "incremental") ?? false,
            Store = new StoreSpec { Location = file.Store?.Location, Container = file.Store?.Container },
            Datasets = datasets,
            SynthOrder = Order(stages.Synth, "stages.synth"),
            IngestOrder = Order(stages.Ingest, "stages.ingest"),
            Pretrain = pretrain,
            Evaluate = evaluate,
            Embed = embed,
            Classify = classify,
            Schedule = Schedule(file.Schedule),
            Azure = Azure(file.Azure),
            Yaml = yaml,
        };
        return problems.Count == 0 ? spec : null;
    }

    private List<DatasetSpec> Datasets(Dictionary<string, DatasetFile?>? datasets, SettingsFile? ingest)
    {
        if (datasets is not { Count: > 0 })
        {
            problems.Add("datasets", "is required: name at least one dataset (synth: or source:)");
            return [];
        }
        var result = new List<DatasetSpec>();
        foreach (var (name, dataset) in datasets)
        {
            var path = $"datasets.{name}";
            if (!Identifier().IsMatch(name))
            {
                problems.Add(path, $"dataset name '{name}' must be 1-40 letters, digits, '-' or '_'");
            }
            else if (dataset is null)
            {
                problems.Add(path, "needs synth: or source:");
            }
            else
            {
                result.Add(Dataset(name, dataset, path, ingest));
            }
        }
        return result;
    }

    private DatasetSpec Dataset(string name, DatasetFile dataset, string path, SettingsFile? ingest)
    {
        if ((dataset.Synth is null) == (dataset.Source is null))
        {
            problems.Add(path, "give exactly one of synth: (generate videos) or source: (a folder or blob:container/prefix)");
        }
        var output = Text(dataset.Synth, "out", $"{path}.synth");
        var source = new StageValue(StageInput.Source, dataset.Source ?? output ?? $"data/videos/{name}",
            dataset.Source is not null ? $"{path}.source" : output is not null ? $"{path}.synth.out" : null);
        var stored = new StageValue(StageInput.Dataset, name, path);
        var (synth, generator) = dataset.Synth is null ? (null, null) : Synth(dataset.Synth, $"{path}.synth", source with { Input = StageInput.Out }, stored);
        if (synth is not null && WritesStore(generator!))
        {
            // No videos to ingest: the synth verb's own stage puts the dataset into the store, in the place of its ingest.
            foreach (var (key, given) in new[] { ("labels", dataset.Labels is not null), ("ingest", dataset.Ingest is not null), ("synth.out", output is not null) })
            {
                if (given)
                {
                    problems.Add($"{path}.{key}", $"does not apply to `{string.Join(' ', generator!.Command)}`: it writes its sequences straight into the store as a dataset, unlabeled (no videos)");
                }
            }
            return new DatasetSpec { Name = name, Source = StorePrefix + name, Ingest = synth, IsWrittenToStore = true };
        }
        var labels = dataset.Labels ?? generator?.LabelsWritten;
        return new DatasetSpec
        {
            Name = name,
            Synth = synth,
            Source = source.Values[0],
            Labels = labels,
            Ingest = Ingest(name, source, labels is null ? null : new StageValue(StageInput.Labels, labels, $"{path}.labels"), ingest, dataset.Ingest, path),
        };
    }

    /// <summary>What <see cref="DatasetSpec.Source"/> of a dataset written straight into the store starts with.</summary>
    private const string StorePrefix = "store:datasets/";

    // A synth verb that writes no videos but a dataset in the store (synth moving-mnist).
    private static bool WritesStore(IStageVerb generator) => generator.Flag(StageInput.Out) is null && generator.Flag(StageInput.Dataset) is not null;

    /// <summary>
    /// Two datasets whose sources overlap (blob:raw/ and blob:raw/labeled/actions) would ingest the same videos twice,
    /// and a labeled evaluation set would leak into pretraining: each source must be outside every other.
    /// </summary>
    private void RejectOverlappingSources(IReadOnlyList<DatasetSpec> datasets)
    {
        foreach (var outer in datasets.Where(d => !d.IsWrittenToStore))
        {
            foreach (var inner in datasets.Where(d => d.Name != outer.Name && !d.IsWrittenToStore && Covers(outer, d)))
            {
                var why = inner.Labels is not null
                    ? $"its labeled videos would also be ingested into {outer.Name}, and evaluation videos pretrained on"
                    : "the same videos would be ingested twice";
                problems.Add($"datasets.{outer.Name}.source",
                    $"'{outer.Source}' also covers the source of dataset {inner.Name} ('{inner.Source}'): {why}; give each dataset its own prefix (e.g. blob:raw/unlabeled/ and blob:raw/labeled/...)");
            }
        }
    }

    private static bool Covers(DatasetSpec outer, DatasetSpec inner)
    {
        static string Normal(string source) =>
            (source.StartsWith("blob:", StringComparison.Ordinal) ? source : "dir:" + Path.GetFullPath(source)).TrimEnd('/') + "/";

        // Equal sources are reported once, on the first of the two names.
        var (a, b) = (Normal(outer.Source), Normal(inner.Source));
        return b.StartsWith(a, StringComparison.Ordinal) && (a != b || string.CompareOrdinal(outer.Name, inner.Name) < 0);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex ContainerName();
}
