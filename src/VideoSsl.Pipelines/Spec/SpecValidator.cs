using System.Text.RegularExpressions;
using VideoSsl.Evaluation.Protocols;

namespace VideoSsl.Pipelines.Spec;

/// <summary>
/// The one check of a spec: turns the file as written (<see cref="SpecFile"/>) into a <see cref="PipelineSpec"/>,
/// reporting every bad value, missing key and dangling reference with its file, line and key.
/// </summary>
/// <remarks>Unset stage settings are left to the verbs, whose options records hold the defaults (<see cref="PipelineSpec"/>).</remarks>
internal sealed partial class SpecValidator(SpecProblems problems)
{
    /// <summary>Label layouts of a labeled dataset folder (the evaluation's readers).</summary>
    private static readonly string[] Layouts = ["auto", "ucf101", "folder-per-class", "kinetics", "videomae"];

    /// <summary>The validated spec; throws <see cref="PipelineSpecException"/> listing every problem.</summary>
    public static PipelineSpec Validate(SpecFile file, string yaml, SpecProblems problems)
    {
        var spec = new SpecValidator(problems).Read(file, yaml);
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
        var datasets = Datasets(file.Datasets);
        var pretrain = Pretrain(file.Stages?.Pretrain, datasets);
        var evaluate = Evaluate(file.Stages?.Evaluate, datasets, pretrain is not null);
        RejectOverlappingSources(datasets);
        var spec = new PipelineSpec
        {
            SourceFile = problems.File,
            Name = name ?? "",
            Run = file.Run ?? name ?? "",
            Incremental = Bool(file.Incremental, "incremental") ?? false,
            Store = new StoreSpec { Location = file.Store?.Location, Container = file.Store?.Container },
            Datasets = datasets,
            Ingest = Ingest(file.Stages?.Ingest, "stages.ingest"),
            SynthOrder = Order(file.Stages?.Synth?.After, "stages.synth.after"),
            IngestOrder = Order(file.Stages?.Ingest?.After, "stages.ingest.after"),
            Pretrain = pretrain,
            Evaluate = evaluate,
            Schedule = Schedule(file.Schedule),
            Azure = Azure(file.Azure),
            Yaml = yaml,
        };
        return problems.Count == 0 ? spec : null;
    }

    private List<DatasetSpec> Datasets(Dictionary<string, DatasetFile?>? datasets)
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
                result.Add(Dataset(name, dataset, path));
            }
        }
        return result;
    }

    private DatasetSpec Dataset(string name, DatasetFile dataset, string path)
    {
        if ((dataset.Synth is null) == (dataset.Source is null))
        {
            problems.Add(path, "give exactly one of synth: (generate videos) or source: (a folder or blob:container/prefix)");
        }
        var labels = dataset.Labels;
        if (labels is not null && !Layouts.Contains(labels))
        {
            problems.Add($"{path}.labels", $"unknown layout '{labels}' (one of: {string.Join(", ", Layouts)})");
        }
        var synth = dataset.Synth is null ? null : Synth(dataset.Synth, $"{path}.synth");
        if (synth?.Generator == SynthGenerator.Actions)
        {
            labels ??= "ucf101"; // the actions generator writes the UCF101 layout
        }
        if (synth?.Generator == SynthGenerator.MovingMnist)
        {
            foreach (var (key, given) in new[] { ("labels", dataset.Labels is not null), ("ingest", dataset.Ingest is not null), ("synth.out", dataset.Synth?.Out is not null) })
            {
                if (given)
                {
                    problems.Add($"{path}.{key}", "does not apply to moving-mnist: its sequences go straight into the store as the protocol has them (gray 64x64, 20 frames), unlabeled");
                }
            }
        }
        return new DatasetSpec
        {
            Name = name,
            Synth = synth,
            Source = synth?.Generator == SynthGenerator.MovingMnist ? $"store:datasets/{name}" : dataset.Source ?? dataset.Synth?.Out ?? $"data/videos/{name}",
            Labels = labels,
            Ingest = Ingest(dataset.Ingest, $"{path}.ingest"),
        };
    }

    private SynthSpec? Synth(SynthFile synth, string path)
    {
        SynthGenerator? kind = Required(synth.Generator, $"{path}.generator") switch
        {
            "moving-digits" => SynthGenerator.MovingDigits,
            "actions" => SynthGenerator.Actions,
            "moving-mnist" => SynthGenerator.MovingMnist,
            null => null,
            var other => Problem<SynthGenerator?>($"{path}.generator", $"unknown generator '{other}' (moving-digits, actions or moving-mnist)", null),
        };
        if (kind == SynthGenerator.MovingMnist)
        {
            foreach (var (key, given) in new[] { ("videosPerClass", synth.VideosPerClass), ("testFraction", synth.TestFraction), ("frames", synth.Frames), ("workers", synth.Workers) })
            {
                if (given is not null)
                {
                    problems.Add($"{path}.{key}", "does not apply to moving-mnist (the protocol's sequences: count, seed, digits and idx)");
                }
            }
        }
        else if (synth.Digits is not null || synth.Idx is not null)
        {
            problems.Add($"{path}.{(synth.Digits is not null ? "digits" : "idx")}", "applies to the moving-mnist generator");
        }
        if (kind == SynthGenerator.MovingDigits && synth.VideosPerClass is not null)
        {
            problems.Add($"{path}.videosPerClass", "applies to the actions generator; moving-digits takes count:");
        }
        if (kind == SynthGenerator.Actions && synth.Count is not null)
        {
            problems.Add($"{path}.count", "applies to the moving-digits generator; actions takes videosPerClass:");
        }
        if (kind == SynthGenerator.MovingDigits && synth.TestFraction is not null)
        {
            problems.Add($"{path}.testFraction", "applies to the actions generator (moving-digits videos have no labels or splits)");
        }
        var spec = new SynthSpec(kind ?? SynthGenerator.MovingDigits)
        {
            Count = Int(synth.Count, $"{path}.count", 1),
            VideosPerClass = Int(synth.VideosPerClass, $"{path}.videosPerClass", 2),
            TestFraction = Double(synth.TestFraction, $"{path}.testFraction", 0, 1),
            Frames = Int(synth.Frames, $"{path}.frames", 2, 10_000),
            Workers = Int(synth.Workers, $"{path}.workers", 1, 256),
            Digits = Digits(synth.Digits, synth.Idx, path),
            Idx = synth.Idx,
        };
        spec = Int(synth.Seed, $"{path}.seed", 0) is { } seed ? spec with { Seed = seed } : spec;
        return kind is null ? null : spec;
    }

    private IngestSettings Ingest(IngestFile? ingest, string path)
    {
        if (ingest is null)
        {
            return new();
        }
        if (ingest.Color is not (null or "rgb" or "gray"))
        {
            problems.Add($"{path}.color", $"'{ingest.Color}' is not rgb or gray");
        }
        return new IngestSettings
        {
            Fps = Double(ingest.Fps, $"{path}.fps", 0.1, 240),
            Size = Int(ingest.Size, $"{path}.size", 8, 4096),
            Color = ingest.Color,
            Frames = Int(ingest.Frames, $"{path}.frames", 1, 10_000),
            Stride = Int(ingest.Stride, $"{path}.stride", 1, 10_000),
            Workers = Int(ingest.Workers, $"{path}.workers", 1, 256),
        };
    }

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
