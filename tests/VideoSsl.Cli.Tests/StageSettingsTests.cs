using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Stages;
using VideoSsl.Pipelines.Spec;
using VideoSsl.Pipelines.Stages;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>
/// A pipeline spec and a stage's verb agree on every setting: a spec takes a value exactly when the verb takes it on its
/// command line, means by it what the verb's flag means, and refuses it at load with the verb's own reason at the key's line.
/// </summary>
[Collection(InProcessCli.Name)] // binds through Settings.Load, which reads the environment SettingsBindingTests sets
public sealed class StageSettingsTests
{
    public static TheoryData<string, string> StageSettings()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in StageVerbs.All)
        {
            // The datasets evaluate names are references the spec checks itself (a dataset of the spec): see SpecLoaderTests.
            // The source embed and classify read (or the dataset embed reads instead) is required, so every spec of theirs
            // gives one: UseStagesTests checks them.
            foreach (var key in verb.Keys.Where(k => k != verb.Key(StageInput.Dataset) && k != verb.Key(StageInput.FutureDataset) && k != verb.Key(StageInput.Source)))
            {
                data.Add(string.Join(' ', verb.Command), key);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StageSettings))]
    public void A_spec_takes_a_stage_setting_exactly_when_its_verb_does_and_refuses_it_with_the_verbs_reason(string command, string key)
    {
        var verb = StageVerbs.All.Single(v => string.Join(' ', v.Command) == command);
        var binding = CliApp.Bindings.Single(b => b.Command.SequenceEqual(verb.Command)).Binding;
        var setting = binding.Settings.Single(s => s.Keys.Any(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)));
        var baseline = Stage(Load(Spec(verb, null)), verb); // the stage's command line without the setting

        foreach (var value in Candidates(setting))
        {
            var (verbOptions, verbRefusal) = Verb(binding, [.. baseline, setting.Flag, value]);
            var (yaml, path, line) = Spec(verb, (key, value));
            if (verbRefusal is not null)
            {
                var e = Assert.Throws<PipelineSpecException>(() => Load(yaml));
                Assert.All(e.Problems, problem =>
                {
                    Assert.Equal((path, line), (problem.Key, problem.Line));
                    Assert.Contains(problem.Message, verbRefusal, StringComparison.Ordinal);
                });
            }
            else
            {
                var stage = Stage(Load(yaml), verb);
                Assert.Equal(Json(setting.ValueIn(verbOptions!)), Json(setting.ValueIn(Verb(binding, stage).Options!)));
                Assert.NotEqual(baseline, stage);
            }
        }
    }

    [Fact]
    public async Task Values_the_verb_refuses_stop_the_pipeline_before_any_stage_runs_naming_file_line_and_the_verbs_reasons()
    {
        using var temp = new TempFolder("stage-settings");
        var spec = temp["oversize.yaml"];
        await File.WriteAllTextAsync(spec, $$"""
            name: oversize
            store: { location: {{temp["store"]}} }
            datasets:
              clips: { source: {{temp["videos"]}} }
            stages:
              ingest:
                size: 2000
                frames: 2000
                workers: 100
            """);

        var (code, _, stderr) = await InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException("no Batch here"), "pipeline", "run", spec);

        Assert.Equal(1, code);
        Assert.Contains($"{spec}:7: stages.ingest.size: 2000 is outside [8, 1024]", stderr, StringComparison.Ordinal);
        Assert.Contains($"{spec}:8: stages.ingest.frames: 2000 is outside [1, 1024]", stderr, StringComparison.Ordinal);
        Assert.Contains($"{spec}:9: stages.ingest.workers: 100 is outside [1, 64]", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp["store"]), "nothing was written");
    }

    // A spec whose stage of `verb` is given `setting` (on a line of its own), and where the setting stands.
    private static (string Yaml, string Path, int Line) Spec(IStageVerb verb, (string Key, string Value)? setting)
    {
        var given = setting is { } s ? $"{s.Key}: \"{s.Value}\"" : null;
        string[] lines = verb.Command switch
        {
            ["synth", var generator] => ["name: agree", "datasets:", "  made:", "    synth:", $"      generator: {generator}", .. Line("      ", given)],
            ["ingest"] => ["name: agree", "datasets:", "  clips: { source: videos/clips }", "stages:", given is null ? "  ingest: {}" : "  ingest:", .. Line("    ", given)],
            ["pretrain"] => ["name: agree", "datasets:", "  clips: { source: videos/clips }", "stages:", given is null ? "  pretrain: {}" : "  pretrain:", .. Line("    ", given)],
            ["evaluate"] => ["name: agree", "datasets:", "  clips: { source: videos/clips, labels: ucf101 }", "stages:", "  pretrain: {}", "  evaluate:", "    dataset: clips", .. Line("    ", given)],
            ["embed" or "classify"] => ["name: agree", "datasets:", "  clips: { source: videos/clips }", "stages:", $"  {verb.Command[0]}:",
                "    source: videos/new", .. Line("    ", given)],
            _ => throw new InvalidOperationException($"no spec for `{string.Join(' ', verb.Command)}`: add one here"),
        };
        var block = verb.Command[0] == "synth" ? "datasets.made.synth" : $"stages.{verb.Command[0]}";
        return (string.Join('\n', lines) + "\n", setting is { } k ? $"{block}.{k.Key}" : block, lines.Length);
    }

    private static string[] Line(string indent, string? text) => text is null ? [] : [indent + text];

    private static PipelineSpec Load((string Yaml, string Path, int Line) spec) => Load(spec.Yaml);

    private static PipelineSpec Load(string yaml) => SpecLoader.Parse(yaml, "agree.yaml", StageVerbs.All);

    private static List<string> Stage(PipelineSpec spec, IStageVerb verb) => [.. verb.Command switch
    {
        ["synth", _] => spec.Datasets.Single() is { IsWrittenToStore: true } stored ? stored.Ingest.Argv : spec.Datasets.Single().Synth!.Argv,
        ["ingest"] => spec.Datasets.Single().Ingest.Argv,
        ["pretrain"] => spec.Pretrain!.Command.Argv,
        ["embed"] => spec.Embed!.Command.Argv,
        ["classify"] => spec.Classify!.Command.Argv,
        _ => spec.Evaluate!.Command.Argv,
    }];

    // What the verb itself makes of a command line: its record, or the one line it stops with.
    private static (object? Options, string? Refusal) Verb(IOptionsBinding binding, IReadOnlyList<string> argv)
    {
        var parse = CliApp.Build().Parse([.. argv]);
        if (parse.Errors.Count > 0)
        {
            return (null, string.Join("; ", parse.Errors.Select(e => e.Message)));
        }
        try
        {
            var options = binding.BindObject(Hosting.Settings.Load(parse));
            var problems = binding.CheckObject(options);
            return problems.Count > 0 ? (null, string.Join("; ", problems)) : (options, null);
        }
        catch (Hosting.UsageException e)
        {
            return (null, e.Message);
        }
    }

    // Values around each type's edges: the verb takes some and refuses others.
    private static IEnumerable<string> Candidates(Setting setting)
    {
        var type = Nullable.GetUnderlyingType(setting.Property.PropertyType) ?? setting.Property.PropertyType;
        return setting.IsList ? ["1,2", "0", "3", "x"]
            : type == typeof(bool) ? ["true", "false", "maybe"]
            : type == typeof(int) || type == typeof(long) ? ["-1", "0", "1", "3", "100", "2000", "100000", "x"]
            : type == typeof(double) ? ["-0.5", "0", "0.5", "1", "1.5", "2000", "x"]
            : type.IsEnum ? [.. Enum.GetNames(type).Select(n => n.ToLowerInvariant()), "x"]
            : type == typeof(TimeSpan) ? ["90", "0", "x"]
            : ["x-1", "cpu", "folder"];
    }

    private static readonly JsonSerializerOptions WithFields = new() { IncludeFields = true };

    private static string Json(object? value) => JsonSerializer.Serialize(value, WithFields);
}
