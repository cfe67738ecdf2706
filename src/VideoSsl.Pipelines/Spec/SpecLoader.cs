using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VideoSsl.Cloud.Batch;
using VideoSsl.Pipelines.Graph;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VideoSsl.Pipelines.Spec;

/// <summary>Reads a pipeline spec from YAML, strictly: unknown keys, bad values and dangling references are errors naming the file, key and line.</summary>
public static partial class SpecLoader
{
    private static readonly string[] Ingest = ["fps", "size", "color", "frames", "stride", "workers"];

    /// <summary>Label layouts of a labeled dataset folder (the evaluation's readers).</summary>
    private static readonly string[] Layouts = ["auto", "ucf101", "folder-per-class", "kinetics", "videomae"];

    /// <summary>Loads and validates a spec file (including its stage graph: references and cycles).</summary>
    public static PipelineSpec LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new PipelineSpecException(path, "", 0, "the file does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates spec text; <paramref name="sourceFile"/> names it in messages.</summary>
    public static PipelineSpec Parse(string yaml, string sourceFile)
    {
        var errors = new SpecErrors(sourceFile);
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            throw new PipelineSpecException(sourceFile, "", (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }

        var node = SpecNode.Open(root, "", errors, "name", "run", "incremental", "store", "datasets", "stages", "schedule", "azure");
        if (node is null)
        {
            throw new PipelineSpecException(sourceFile, "", 0, "the file is empty or not a mapping of name, datasets, stages, ...");
        }

        var spec = Read(node, yaml);
        errors.ThrowIfAny();
        StageGraph.Build(spec!); // references and cycles, reported against the spec file
        return spec!;
    }

    /// <summary>The spec's YAML, without comments, as base64, for a Batch command line (nodes have no copy of the file).</summary>
    public static string ToBase64(PipelineSpec spec)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(spec.Yaml));
        using var compact = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(compact, assignAnchors: false);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(compact.ToString()));
    }

    /// <summary>Parses a spec carried as base64 (see <see cref="ToBase64"/>).</summary>
    public static PipelineSpec FromBase64(string base64, string sourceName)
    {
        try
        {
            return Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)), sourceName);
        }
        catch (FormatException)
        {
            throw new PipelineSpecException(sourceName, "", 0, "the spec text is not valid base64");
        }
    }

    private static PipelineSpec? Read(SpecNode root, string yaml)
    {
        var name = root.String("name", required: true);
        if (name is not null && !Identifier().IsMatch(name))
        {
            root.Problem("name", $"'{name}' must be 1-40 letters, digits, '-' or '_', starting with a letter or digit");
        }

        var run = root.String("run") ?? name;
        if (run is not null && root.Get("run") is not null && !Identifier().IsMatch(run))
        {
            root.Problem("run", $"'{run}' must be 1-40 letters, digits, '-' or '_', starting with a letter or digit");
        }

        var store = root.Map("store", "location", "container");
        var datasets = ReadDatasets(root);
        var stages = root.Map("stages", "synth", "ingest", "pretrain", "evaluate");
        var synth = stages?.Map("synth", "after");
        var ingest = stages?.Map("ingest", [.. Ingest, "after"]);
        var pretrain = ReadPretrain(stages, datasets);
        var evaluate = ReadEvaluate(stages, datasets, pretrain is not null);
        RejectOverlappingSources(root, datasets);

        if (name is null || run is null)
        {
            return null;
        }

        return new PipelineSpec
        {
            SourceFile = root.Errors.File,
            Name = name,
            Run = run,
            Incremental = root.Bool("incremental") ?? false,
            Store = new StoreSpec { Location = store?.String("location"), Container = store?.String("container") },
            Datasets = datasets,
            Ingest = ingest is null ? new() : ReadIngest(ingest),
            SynthOrder = Order(synth),
            IngestOrder = Order(ingest),
            Pretrain = pretrain,
            Evaluate = evaluate,
            Schedule = ReadSchedule(root),
            Azure = ReadAzure(root),
            Yaml = yaml,
        };
    }

    private static List<DatasetSpec> ReadDatasets(SpecNode root)
    {
        var datasets = new List<DatasetSpec>();
        var node = root.Get("datasets");
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            root.Problem("datasets", node is null ? "is required: name at least one dataset (synth: or source:)" : "must be a mapping of dataset names to their settings");
            return datasets;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var path = $"datasets.{name}";
            if (!Identifier().IsMatch(name))
            {
                root.Errors.Add(path, key, $"dataset name '{name}' must be 1-40 letters, digits, '-' or '_'");
                continue;
            }

            var dataset = SpecNode.Open(value, path, root.Errors, "synth", "source", "labels", "ingest");
            if (dataset is null)
            {
                root.Errors.Add(path, key, "needs synth: or source:");
                continue;
            }

            datasets.Add(ReadDataset(name, dataset));
        }

        return datasets;
    }

    private static DatasetSpec ReadDataset(string name, SpecNode node)
    {
        var synthNode = node.Map("synth", "generator", "count", "videosPerClass", "frames", "seed", "workers", "out");
        var source = node.String("source");
        var labels = node.String("labels");
        if ((synthNode is null) == (source is null))
        {
            node.Errors.Add(node.Path, node.Node, "give exactly one of synth: (generate videos) or source: (a folder or blob:container/prefix)");
        }

        if (labels is not null && !Layouts.Contains(labels))
        {
            node.Problem("labels", $"unknown layout '{labels}' (one of: {string.Join(", ", Layouts)})");
        }

        SynthSpec? synth = null;
        if (synthNode is not null)
        {
            synth = ReadSynth(synthNode);
            if (synth?.Generator == SynthGenerator.Actions)
            {
                labels ??= "ucf101"; // the actions generator writes the UCF101 layout
            }
        }

        var ingest = node.Map("ingest", Ingest);
        return new DatasetSpec
        {
            Name = name,
            Synth = synth,
            Source = source ?? synthNode?.String("out") ?? $"data/videos/{name}",
            Labels = labels,
            Ingest = ingest is null ? new() : ReadIngest(ingest),
        };
    }

    private static SynthSpec? ReadSynth(SpecNode node)
    {
        var generator = node.String("generator", required: true);
        var kind = generator switch
        {
            "moving-digits" => SynthGenerator.MovingDigits,
            "actions" => SynthGenerator.Actions,
            null => (SynthGenerator?)null,
            _ => Unknown(node, "generator", $"unknown generator '{generator}' (moving-digits or actions)"),
        };
        if (kind is null)
        {
            return null;
        }

        if (kind == SynthGenerator.MovingDigits && node.Get("videosPerClass") is not null)
        {
            node.Problem("videosPerClass", "applies to the actions generator; moving-digits takes count:");
        }

        if (kind == SynthGenerator.Actions && node.Get("count") is not null)
        {
            node.Problem("count", "applies to the moving-digits generator; actions takes videosPerClass:");
        }

        return new SynthSpec(kind.Value)
        {
            Count = node.Int("count", 1),
            VideosPerClass = node.Int("videosPerClass", 2),
            Frames = node.Int("frames", 2, 10_000),
            Seed = node.Int("seed", 0) ?? 0,
            Workers = node.Int("workers", 1, 256),
        };
    }

    private static IngestSettings ReadIngest(SpecNode node)
    {
        var color = node.String("color");
        if (color is not null && color is not ("rgb" or "gray"))
        {
            node.Problem("color", $"'{color}' is not rgb or gray");
        }

        return new IngestSettings
        {
            Fps = node.Double("fps", 0.1, 240),
            Size = node.Int("size", 8, 4096),
            Color = color,
            Frames = node.Int("frames", 1, 10_000),
            Stride = node.Int("stride", 1, 10_000),
            Workers = node.Int("workers", 1, 256),
        };
    }

    private static PretrainSpec? ReadPretrain(SpecNode? stages, IReadOnlyList<DatasetSpec> datasets)
    {
        var node = stages?.Map("pretrain", "datasets", "preset", "steps", "batch", "objectives", "resume", "after");
        if (node is null)
        {
            return null;
        }

        var names = node.Strings("datasets") ?? datasets.Select(d => d.Name).ToList();
        foreach (var missing in names.Where(n => datasets.All(d => d.Name != n)))
        {
            node.Problem("datasets", $"dataset '{missing}' is not defined under datasets:");
        }

        var preset = node.String("preset") ?? "tiny";
        if (preset is not ("tiny" or "small" or "base"))
        {
            node.Problem("preset", $"'{preset}' is not tiny, small or base");
        }

        return new PretrainSpec
        {
            Datasets = names,
            Preset = preset,
            Steps = node.Int("steps", 1) ?? 1000,
            Batch = node.Int("batch", 1, 65_536),
            FutureRatio = ReadObjectives(node),
            Resume = node.Bool("resume") ?? false,
            Order = Order(node),
        };
    }

    private static double? ReadObjectives(SpecNode pretrain)
    {
        var node = pretrain.Map("objectives", "masked", "future");
        if (node is null)
        {
            return null;
        }

        var masked = node.Double("masked", 0, 1_000) ?? 0;
        var future = node.Double("future", 0, 1_000) ?? 0;
        if (masked + future <= 0)
        {
            pretrain.Problem("objectives", "give a positive weight to masked:, future: or both");
            return null;
        }

        return future / (masked + future);
    }

    private static EvaluateSpec? ReadEvaluate(SpecNode? stages, IReadOnlyList<DatasetSpec> datasets, bool hasPretrain)
    {
        var node = stages?.Map("evaluate", "dataset", "labelsPerClass", "probe", "finetune", "finetuneBatch", "seeds", "views", "futureDataset", "futureClips", "after");
        if (node is null)
        {
            return null;
        }

        if (!hasPretrain)
        {
            stages!.Problem("evaluate", "needs a pretrain stage: evaluation measures what pretraining bought");
        }

        var dataset = node.String("dataset", required: true);
        var found = datasets.FirstOrDefault(d => d.Name == dataset);
        if (dataset is not null && found is null)
        {
            node.Problem("dataset", $"dataset '{dataset}' is not defined under datasets:");
        }
        else if (found is { Labels: null })
        {
            node.Problem("dataset", $"dataset '{dataset}' has no labels: give it labels: ucf101 (or use synth generator actions)");
        }

        var labels = node.Ints("labelsPerClass", 1);
        if (node.Get("labelsPerClass") is null)
        {
            node.Problem("labelsPerClass", "is required: labeled videos per class to train with, e.g. [1, 5, 10]");
        }

        var future = node.String("futureDataset");
        if (future is not null && datasets.All(d => d.Name != future))
        {
            node.Problem("futureDataset", $"dataset '{future}' is not defined under datasets: (it names the dataset of held-out clips for future-frame scores)");
        }

        var futureClips = node.Int("futureClips", 1);
        if (futureClips is not null && future is null)
        {
            node.Problem("futureClips", "applies only with futureDataset: (the dataset the clips are taken from)");
        }

        return new EvaluateSpec
        {
            Dataset = dataset ?? "",
            LabelsPerClass = labels ?? [],
            ProbeEpochs = node.Map("probe", "epochs")?.Int("epochs", 1),
            FinetuneSteps = node.Map("finetune", "steps")?.Int("steps", 0),
            FinetuneBatch = node.Int("finetuneBatch", 1, 65_536),
            Seeds = node.Ints("seeds", 0) ?? [0],
            Views = node.Int("views", 1, 1_000),
            FutureDataset = future,
            FutureClips = futureClips,
            Order = Order(node),
        };
    }

    private static ScheduleSpec? ReadSchedule(SpecNode root)
    {
        var raw = root.Get("schedule");
        if (raw is YamlScalarNode scalar)
        {
            // "schedule: 0 2 * * *" gets the cron explanation, not just "must be a mapping".
            var reason = BatchRecurrence.TryParseInterval(scalar.Value, out _, out var error) ? "write it as every: " + scalar.Value : error;
            root.Problem("schedule", $"must be a mapping with every: (and optionally start:). {reason}");
            return null;
        }

        var node = root.Map("schedule", "every", "start");
        if (node is null)
        {
            return null;
        }

        var every = node.String("every", required: true);
        DateTimeOffset? start = null;
        if (node.String("start") is { } startText)
        {
            if (DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                start = parsed;
            }
            else
            {
                node.Problem("start", $"'{startText}' is not a date and time (ISO 8601, e.g. 2025-01-01T02:00:00Z)");
            }
        }

        if (every is null)
        {
            return null;
        }

        if (!BatchRecurrence.TryParseInterval(every, out var interval, out var problem))
        {
            node.Problem("every", problem);
            return null;
        }

        return new ScheduleSpec(interval, every) { Start = start };
    }

    private static AzureSpec ReadAzure(SpecNode root)
    {
        var node = root.Map("azure", "pools", "partitions", "container", "logsContainer", "taskRetries", "maxWallClockTime", "allocationTimeout");
        if (node is null)
        {
            return new AzureSpec();
        }

        var pools = node.Map("pools", "cpu", "gpu");
        var defaults = new AzureSpec();
        var spec = new AzureSpec
        {
            CpuPool = pools?.String("cpu"),
            GpuPool = pools?.String("gpu"),
            Partitions = node.Int("partitions", 1, 1000) ?? defaults.Partitions,
            Container = node.String("container") ?? defaults.Container,
            LogsContainer = node.String("logsContainer") ?? defaults.LogsContainer,
            TaskRetries = node.Int("taskRetries", 0, 100) ?? defaults.TaskRetries,
            MaxWallClockTime = Duration(node, "maxWallClockTime") ?? defaults.MaxWallClockTime,
            AllocationTimeout = Duration(node, "allocationTimeout") ?? defaults.AllocationTimeout,
        };
        foreach (var (key, value) in new[] { ("container", spec.Container), ("logsContainer", spec.LogsContainer) })
        {
            if (!ContainerName().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
            {
                node.Problem(key, $"'{value}' is not a valid container name (3-63 lowercase letters, digits and single hyphens)");
            }
        }

        return spec;
    }

    private static TimeSpan? Duration(SpecNode node, string key)
    {
        if (node.String(key) is not { } text)
        {
            return null;
        }

        if (BatchRecurrence.TryParseInterval(text, out var duration, out var problem))
        {
            return duration;
        }

        node.Problem(key, problem);
        return null;
    }

    /// <summary>
    /// Two datasets whose sources overlap (blob:raw/ and blob:raw/labeled/actions) would ingest the same videos twice,
    /// and a labeled evaluation set would leak into pretraining: each source must be outside every other.
    /// </summary>
    private static void RejectOverlappingSources(SpecNode root, IReadOnlyList<DatasetSpec> datasets)
    {
        foreach (var outer in datasets)
        {
            foreach (var inner in datasets.Where(d => d.Name != outer.Name && Covers(outer, d)))
            {
                var why = inner.Labels is not null
                    ? $"its labeled videos would also be ingested into {outer.Name}, and evaluation videos pretrained on"
                    : "the same videos would be ingested twice";
                var node = (root.Get("datasets") as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode(outer.Name), out var found) == true ? found : null;
                var at = (node as YamlMappingNode)?.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == "source") ?? node ?? root.Node;
                root.Errors.Add($"datasets.{outer.Name}.source", at,
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

    private static StageOrder Order(SpecNode? node) =>
        node?.Strings("after") is { } after
            ? new StageOrder { After = after, Key = node.Join("after"), Line = (int)(node.KeyNode("after")?.Start.Line ?? 0) }
            : new StageOrder();

    private static SynthGenerator? Unknown(SpecNode node, string key, string message)
    {
        node.Problem(key, message);
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex ContainerName();
}
