using VideoSsl.Pipelines.Spec;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Graph;

/// <summary>The stages of a pipeline in dependency order; the one plan both the local runner and the Batch translation execute.</summary>
public sealed record StageGraph(string Name, string Run, bool Incremental, IReadOnlyList<Stage> Stages)
{
    /// <summary>Where the evaluation report lands in the store, or null when the pipeline does not evaluate.</summary>
    public string? ReportPath { get; init; }

    public Stage this[string id] => Stages.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"Pipeline {Name} has no stage '{id}'.");

    /// <summary>One line per stage (see <see cref="Stage.Signature"/>): equal texts mean equal graphs.</summary>
    public string Describe() => string.Join(Environment.NewLine, Stages.Select(s => s.Signature));

    /// <summary>Builds the graph of a spec; bad <c>after:</c> references and cycles throw <see cref="PipelineSpecException"/>.</summary>
    public static StageGraph Build(PipelineSpec spec)
    {
        var stages = new List<(Stage Stage, StageOrder Order)>();
        foreach (var dataset in spec.Datasets)
        {
            if (dataset.Synth is { } synth)
            {
                stages.Add((new Stage($"synth-{dataset.Name}", StageKind.Synth, [], synth.Argv, PoolKind.Cpu, [new FolderMarker(dataset.Source)])
                {
                    Dataset = dataset.Name,
                    Flags = synth.Flags,
                }, spec.SynthOrder));
            }
        }

        // A dataset written straight into the store has no synth stage: its synth verb runs as its ingest stage.
        foreach (var dataset in spec.Datasets)
        {
            string[] after = dataset.Synth is null ? [] : [$"synth-{dataset.Name}"];
            stages.Add((new Stage($"ingest-{dataset.Name}", StageKind.Ingest, after, dataset.Ingest.Argv, PoolKind.Cpu, [new DatasetMarker(dataset.Name)])
            {
                Dataset = dataset.Name,
                Flags = dataset.Ingest.Flags,
            }, spec.IngestOrder));
        }

        var run = new RunLayout(spec.Run);
        if (spec.Pretrain is { } pretrain)
        {
            stages.Add((new Stage("pretrain", StageKind.Pretrain, pretrain.Datasets.Select(d => $"ingest-{d}").ToList(), pretrain.Command.Argv, PoolKind.Gpu,
                [new CheckpointMarker(run, pretrain.Steps)])
            {
                Resume = new CheckpointResume(run, pretrain.Steps, AddSteps: pretrain.Resume),
                Flags = pretrain.Command.Flags,
            }, pretrain.Order));
        }

        string? report = null;
        if (spec.Evaluate is { } evaluate)
        {
            report = run.Report;
            string[] evaluateAfter = ["pretrain", .. new[] { evaluate.Dataset, evaluate.FutureDataset }.OfType<string>().Distinct().Select(d => $"ingest-{d}")];
            stages.Add((new Stage("evaluate", StageKind.Evaluate, evaluateAfter, evaluate.Command.Argv, PoolKind.Cpu, [new BlobMarker(report)])
            {
                Flags = evaluate.Command.Flags,
            }, evaluate.Order));
        }

        // Embedding waits for the encoder when the pipeline trains it, and for the dataset it embeds when the spec ingests
        // it; classify uses a classifier run made by finetune.
        if (spec.Embed is { } embed)
        {
            string[] embedAfter = [.. spec.Pretrain is null ? [] : new[] { "pretrain" }, .. spec.Datasets.Where(d => d.Name == embed.Dataset).Select(d => $"ingest-{d.Name}")];
            stages.Add((new Stage("embed", StageKind.Embed, embedAfter, embed.Command.Argv, PoolKind.Cpu, [new BlobMarker(run.Embeddings)])
            {
                Flags = embed.Command.Flags,
            }, embed.Order));
        }

        if (spec.Classify is { } classify)
        {
            stages.Add((new Stage("classify", StageKind.Classify, [], classify.Command.Argv, PoolKind.Cpu, [new BlobMarker(run.Classifications)])
            {
                Flags = classify.Command.Flags,
            }, classify.Order));
        }

        var withOrder = stages.Select(s => s.Stage with { DependsOn = [.. s.Stage.DependsOn, .. ResolveAfter(spec, s.Stage, s.Order, stages.Select(x => x.Stage))] }).ToList();
        return new StageGraph(spec.Name, spec.Run, spec.Incremental, Sort(spec, withOrder, stages.ToDictionary(s => s.Stage.Id, s => s.Order))) { ReportPath = report };
    }

    private static IEnumerable<string> ResolveAfter(PipelineSpec spec, Stage stage, StageOrder order, IEnumerable<Stage> all)
    {
        var problems = new List<SpecProblem>();
        var result = new List<string>();
        foreach (var name in order.After)
        {
            var matches = all.Where(s => s.Id == name || string.Equals(s.Kind.ToString(), name, StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToList();
            if (matches.Count == 0)
            {
                problems.Add(new SpecProblem(spec.SourceFile, order.Key, order.Line,
                    $"'{name}' is not a stage (stages: {string.Join(", ", all.Select(s => s.Id))}; or a kind: synth, ingest, pretrain, evaluate, embed, classify)"));
            }

            result.AddRange(matches.Where(m => !stage.DependsOn.Contains(m)));
        }

        return problems.Count > 0 ? throw new PipelineSpecException(problems) : result.Distinct();
    }

    // Kahn's algorithm, keeping declaration order among ready stages so the order is stable and readable.
    private static List<Stage> Sort(PipelineSpec spec, List<Stage> stages, Dictionary<string, StageOrder> orders)
    {
        var ordered = new List<Stage>();
        var pending = stages.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(s => s.DependsOn.All(d => ordered.Any(o => o.Id == d)));
            if (ready is null)
            {
                var cycle = FindCycle(pending);
                var order = cycle.Select(id => orders[id]).FirstOrDefault(o => o.After.Count > 0) ?? new StageOrder { Key = "stages" };
                throw new PipelineSpecException(spec.SourceFile, order.Key, order.Line,
                    $"the stages form a cycle: {string.Join(" -> ", cycle)}; remove one of these after: entries");
            }

            ordered.Add(ready);
            pending.Remove(ready);
        }

        return ordered;
    }

    private static List<string> FindCycle(List<Stage> pending)
    {
        // Every pending stage waits on another pending one, so walking dependencies must revisit a stage.
        var byId = pending.ToDictionary(s => s.Id);
        var path = new List<string>();
        var current = pending[0];
        while (!path.Contains(current.Id))
        {
            path.Add(current.Id);
            current = byId[current.DependsOn.First(byId.ContainsKey)];
        }

        return [.. path.Skip(path.IndexOf(current.Id)), current.Id];
    }
}
