using VideoSsl.Pipelines.Stages;

namespace VideoSsl.Pipelines.Spec;

// How SpecValidator reads the stages: a block's keys are its verb's settings, which the verb checks (IStageVerb.Bind),
// and the few keys only pipelines have (after, and pretrain's datasets and resume; a synthetic dataset's generator and out).
internal sealed partial class SpecValidator
{
    private static readonly string[] After = ["after"];

    // The generator's verb writes videos to the dataset's folder (output), or the dataset straight into the store (dataset).
    private (StageArgs? Args, IStageVerb? Verb) Synth(SettingsFile synth, string path, StageValue output, StageValue dataset)
    {
        var generators = verbs.Where(v => v.Command is ["synth", _]).ToList();
        var generator = Required(Text(synth, "generator", path), $"{path}.generator");
        var verb = generators.FirstOrDefault(v => v.Command[1] == generator);
        if (generator is not null && verb is null)
        {
            problems.Add($"{path}.generator", $"unknown generator '{generator}' ({string.Join(" or ", generators.Select(g => g.Command[1]))})");
        }
        if (verb is null)
        {
            return (null, null);
        }
        var command = Bind(verb, [WritesStore(verb) ? dataset : output], Known(verb, synth, path, "generator", "out"), path);
        return (StageArgs.From(verb, command), verb);
    }

    // stages.ingest's settings, with the dataset's own ingest: after them (the later of two values of a setting wins).
    private StageArgs Ingest(string name, StageValue source, StageValue? labels, SettingsFile? stage, SettingsFile? own, string path)
    {
        var verb = Verb("ingest");
        List<StageValue> filled = [source, new(StageInput.Dataset, name, path), .. labels is null ? [] : new[] { labels }];
        List<SpecSetting> settings = [.. Known(verb, stage, "stages.ingest", After), .. Known(verb, own, $"{path}.ingest")];
        return StageArgs.From(verb, Bind(verb, filled, settings, $"{path}.ingest"));
    }

    private PretrainSpec? Pretrain(SettingsFile? pretrain, IReadOnlyList<DatasetSpec> datasets, StageValue run)
    {
        const string path = "stages.pretrain";
        if (pretrain is null)
        {
            return null;
        }
        var verb = Verb("pretrain");
        var settings = Known(verb, pretrain, path, "after", "datasets", "resume");

        // Sequences generated on the fly (generate:) are trained on alone: no dataset is read, none is waited for.
        var generated = Named(verb.Bind([run], settings), StageInput.Generate) is not null;
        var given = pretrain.GetValueOrDefault("datasets") as IReadOnlyList<string>;
        if (generated && given is not null)
        {
            problems.Add($"{path}.datasets", $"give datasets: or {verb.Key(StageInput.Generate)}:, not both (generated sequences are trained on alone)");
        }
        var names = generated ? [] : given ?? datasets.Select(d => d.Name).ToList();
        foreach (var missing in names.Where(n => datasets.All(d => d.Name != n)))
        {
            problems.Add($"{path}.datasets", $"dataset '{missing}' is not defined under datasets:");
        }
        var command = Bind(verb, [new(StageInput.Datasets, names, $"{path}.datasets"), run], settings, path);
        return new PretrainSpec
        {
            Datasets = names,
            Steps = int.TryParse(command.Values.GetValueOrDefault(StageInput.Steps), out var steps) ? steps : 0,
            Resume = Bool(Text(pretrain, "resume", path), $"{path}.resume") ?? false,
            Command = StageArgs.From(verb, command),
            Order = Order(pretrain, path),
        };
    }

    private EvaluateSpec? Evaluate(SettingsFile? evaluate, IReadOnlyList<DatasetSpec> datasets, bool hasPretrain, StageValue run)
    {
        const string path = "stages.evaluate";
        if (evaluate is null)
        {
            return null;
        }
        if (!hasPretrain)
        {
            problems.Add(path, "needs a pretrain stage: evaluation measures what pretraining bought");
        }
        var verb = Verb("evaluate");
        var settings = Known(verb, evaluate, path, After);

        // The datasets it names are read first: the labeled one's source and layout complete its command line.
        var named = verb.Bind([run], settings);
        var dataset = Named(named, StageInput.Dataset);
        var datasetKey = named.GivenAt.GetValueOrDefault(StageInput.Dataset) ?? $"{path}.{verb.Key(StageInput.Dataset)}";
        var found = datasets.FirstOrDefault(d => d.Name == dataset);
        var future = Named(named, StageInput.FutureDataset);
        if (dataset is null && future is null)
        {
            problems.Add(datasetKey, $"is required: the labeled dataset to evaluate on (or give {verb.Key(StageInput.FutureDataset)}: alone to score future frames only)");
        }
        else if (dataset is not null && found is null)
        {
            problems.Add(datasetKey, $"dataset '{dataset}' is not defined under datasets:");
        }
        else if (found is { Labels: null })
        {
            problems.Add(datasetKey, $"dataset '{dataset}' has no labels: give it labels: ucf101 (or use synth generator actions)");
        }
        if (future is not null && datasets.All(d => d.Name != future))
        {
            problems.Add(named.GivenAt[StageInput.FutureDataset], $"dataset '{future}' is not defined under datasets: (it names the dataset of held-out clips for future-frame scores)");
        }
        List<StageValue> filled = [run];
        if (found is { Labels: { } layout })
        {
            filled.AddRange([new(StageInput.Labeled, found.Source, $"datasets.{found.Name}.source"), new(StageInput.Layout, layout, $"datasets.{found.Name}.labels")]);
        }
        return new EvaluateSpec
        {
            Dataset = dataset,
            FutureDataset = future,
            Command = StageArgs.From(verb, Bind(verb, filled, settings, path)),
            Order = Order(evaluate, path),
        };
    }

    // stages.embed and stages.classify: the verb's settings (source among them); the pipeline fills the output file in the
    // store under the run, and embed's run.
    private UseSpec? Use(SettingsFile? block, string verbName, IReadOnlyList<StageValue> filled, string output)
    {
        var path = $"stages.{verbName}";
        if (block is null)
        {
            return null;
        }
        var verb = Verb(verbName);
        var command = Bind(verb, [.. filled, new StageValue(StageInput.Out, Storage.OutputTarget.StorePrefix + output)], Known(verb, block, path, After), path);
        return new UseSpec
        {
            Source = command.Values.GetValueOrDefault(StageInput.Source) ?? "",
            Dataset = command.Values.GetValueOrDefault(StageInput.Dataset),
            Command = StageArgs.From(verb, command),
            Order = Order(block, path),
        };
    }

    // A dataset the spec names through one of the verb's settings, or null when it names none.
    private static string? Named(StageCommand command, StageInput input) =>
        command.GivenAt.ContainsKey(input) ? command.Values.GetValueOrDefault(input) : null;

    private IStageVerb Verb(params string[] command) =>
        verbs.FirstOrDefault(v => v.Command.SequenceEqual(command)) ?? throw new InvalidOperationException($"No stage verb `{string.Join(' ', command)}` was given to the spec loader.");

    // The verb checks the settings together with what the pipeline fills in; its problems land on the keys they concern.
    private StageCommand Bind(IStageVerb verb, IReadOnlyList<StageValue> filled, IReadOnlyList<SpecSetting> settings, string block)
    {
        var command = verb.Bind(filled, settings);
        foreach (var problem in command.Problems)
        {
            problems.Add(problem.Path ?? block, problem.Message);
        }
        return command;
    }

    // The block's settings that are the verb's, in the file's order; any other key but the pipeline's own is reported.
    private List<SpecSetting> Known(IStageVerb verb, SettingsFile? block, string path, params string[] pipelineKeys)
    {
        var settings = new List<SpecSetting>();
        foreach (var (key, value) in block ?? [])
        {
            if (pipelineKeys.Contains(key))
            {
                continue;
            }
            if (!verb.Takes(key))
            {
                problems.Add($"{path}.{key}", UnknownKey(verb, key, pipelineKeys));
            }
            else if (value is not null)
            {
                settings.Add(new SpecSetting(key, $"{path}.{key}", value, value.IsSequence));
            }
        }
        return settings;
    }

    private string UnknownKey(IStageVerb verb, string key, IReadOnlyList<string> pipelineKeys)
    {
        // synth moving-digits given videosPerClass: say whose setting it is.
        if (verbs.FirstOrDefault(v => v != verb && v.Command[0] == verb.Command[0] && v.Takes(key)) is { } other)
        {
            return $"applies to `{string.Join(' ', other.Command)}`, not `{string.Join(' ', verb.Command)}` (a setting of that verb)";
        }
        var allowed = pipelineKeys.Concat(verb.Keys).ToList();
        var hint = SpecReader.Closest(key, allowed) is { } close ? $"did you mean '{close}'? " : "";
        return $"unknown key ({hint}expected one of: {string.Join(", ", allowed)})";
    }

    // A block that takes only pipeline keys (stages.synth: after).
    private void OnlyPipelineKeys(SettingsFile? block, string path, params string[] keys)
    {
        foreach (var key in (block?.Keys.ToList() ?? []).Where(k => !keys.Contains(k)))
        {
            var hint = SpecReader.Closest(key, keys) is { } close ? $"did you mean '{close}'? " : "";
            problems.Add($"{path}.{key}", $"unknown key ({hint}expected one of: {string.Join(", ", keys)})");
        }
    }

    // A pipeline key's single value.
    private string? Text(SettingsFile? block, string key, string path)
    {
        if (block?.GetValueOrDefault(key) is not { } value)
        {
            return null;
        }
        if (value.IsSequence)
        {
            problems.Add($"{path}.{key}", "must be a single value, not a list");
            return null;
        }
        return value[0];
    }
}
