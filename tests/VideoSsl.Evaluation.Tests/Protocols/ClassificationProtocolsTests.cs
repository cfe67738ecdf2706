using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Sampling;
using VideoSsl.Models;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Tests.Protocols;

/// <summary>The protocols choose on the labeled training sample alone and give both fine-tuning arms the same schedule.</summary>
public class ClassificationProtocolsTests
{
    private static readonly VideoModelConfig Config = VideoModelConfig.ConvTiny with
    {
        Frames = 8, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 4, Dim = 16, Depth = 1, FrameChannels = 4, Kernel = 3,
    };

    private static readonly string[] Classes = ["left", "right", "still"];

    // A square moving left, right or not at all; 6 training and 3 test videos per class (one clip each).
    private static (List<byte[]> Clips, List<string> Labels, List<string> Splits) Videos()
    {
        var rng = new DeterministicRng(11);
        var (clips, labels, splits) = (new List<byte[]>(), new List<string>(), new List<string>());
        for (var v = 0; v < 9; v++)
        {
            for (var c = 0; c < Classes.Length; c++)
            {
                var clip = new byte[8 * 16 * 16];
                int x = 4 + rng.NextInt(6), y = rng.NextInt(12), dx = c == 0 ? -1 : c == 1 ? 1 : 0;
                for (var t = 0; t < 8; t++)
                {
                    for (var i = 0; i < 4; i++)
                    {
                        for (var j = 0; j < 4; j++)
                        {
                            clip[(t * 256) + ((y + i) * 16) + Math.Clamp(x + (dx * t / 2) + j, 0, 15)] = 220;
                        }
                    }
                }
                clips.Add(clip);
                labels.Add(Classes[c]);
                splits.Add(v < 6 ? Splits.Train : Splits.Test);
            }
        }
        return (clips, labels, splits);
    }

    private static async Task<IReadOnlyList<ProtocolRun>> RunAsync(Func<int, string, string> testLabel)
    {
        TorchRuntime.EnsureLoaded();
        using var temp = new TempFolder("protocols");
        var store = new FolderBlobStore(temp.Path);
        var (clips, labels, splits) = Videos();
        var stored = labels.Select((l, i) => splits[i] == Splits.Test ? testLabel(i, l) : l).ToList();
        var spec = new ClipSpec(10, 16, ColorMode.Gray, 8, 8);
        await TestDatasets.WriteAsync(store, "labeled", spec, clips, stored, splits);
        var dataset = await ClipDataset.OpenAsync(store, "labeled");
        var pixels = new Dictionary<int, byte[]>();
        await foreach (var (entry, clip) in dataset.StreamAsync())
        {
            pixels[entry.Clip] = clip.ToArray();
        }
        var set = new LabeledVideoSet(temp.Path, LabeledLayout.FolderPerClass, Classes, []);
        var data = new LabeledClips(set, dataset, [.. dataset.Entries.Where(e => e.Split == Splits.Train)], [.. dataset.Entries.Where(e => e.Split == Splits.Test)], pixels);
        var options = new EvaluateOptions
        {
            Labeled = temp.Path, LabelsPerClass = [2, 4], Seeds = [0, 1], ProbeEpochs = 60, ProbeFolds = 2, FinetuneEpochs = 2, FinetuneSteps = 6, FinetuneBatch = 4, Views = 1,
        };
        VideoModel Pretrained() => ClassificationProtocols.RandomModel(Config, 99);
        return new ClassificationProtocols(data, options, Pretrained, Config, CPU, _ => { }).Run(CancellationToken.None);
    }

    [Fact]
    public async Task Probe_penalty_and_training_do_not_move_when_the_test_labels_change()
    {
        var truth = await RunAsync((_, label) => label);
        var shuffled = await RunAsync((_, label) => Classes[(Array.IndexOf(Classes, label) + 1) % Classes.Length]);   // test labels rotated, training labels as they were

        Assert.Equal(truth.Count, shuffled.Count);
        foreach (var (a, b) in truth.Zip(shuffled))
        {
            Assert.Equal((a.Protocol, a.Budget, a.Seed), (b.Protocol, b.Budget, b.Seed));
            Assert.Equal(a.ProbePenalty, b.ProbePenalty);
            // Fine-tuning took the same steps (libtorch's CPU kernels differ run to run in the last float bits, hence the tolerance).
            Assert.Equal(a.Curve?.Count, b.Curve?.Count);
            Assert.All(a.Curve?.Zip(b.Curve!) ?? [], p => Assert.Equal(p.First.Loss, p.Second.Loss, 1e-3 * Math.Max(1, p.First.Loss)));
            // The same predictions: each class predicted equally often (the confusion matrix's column sums).
            int[] Predicted(ProtocolRun r) => [.. Enumerable.Range(0, Classes.Length).Select(p => r.Result.Confusion.Sum(row => row[p]))];
            Assert.Equal(Predicted(a), Predicted(b));
        }
        Assert.Contains(truth, r => r.ProbePenalty is not null && r.ProbeFolds == 2);
        Assert.NotEqual(truth.Select(r => r.Result.Top1), shuffled.Select(r => r.Result.Top1));   // the scores did see the change
    }

    [Fact]
    public async Task Both_fine_tuning_arms_get_the_same_schedule()
    {
        var runs = await RunAsync((_, label) => label);

        foreach (var group in runs.Where(r => r.Steps is not null).GroupBy(r => (r.Budget.ToString(), r.Seed)))
        {
            var arms = group.ToDictionary(r => r.Protocol);
            var (pretrained, scratch) = (arms[EvaluationProtocol.FinetunePretrained], arms[EvaluationProtocol.FinetuneScratch]);
            Assert.Equal(pretrained.Steps, scratch.Steps);
            Assert.Equal(pretrained.Curve!.Select(p => p.Step), scratch.Curve!.Select(p => p.Step));
            Assert.Equal(pretrained.Curve!.Select(p => p.ValidationTop1 is null), scratch.Curve!.Select(p => p.ValidationTop1 is null));
        }
        // 2 passes over 6 (2 per class) or 12 (4 per class) clips in batches of 4: 3 and 6 steps.
        Assert.Equal([3, 6], runs.Where(r => r.Protocol == EvaluationProtocol.FinetuneScratch && r.Seed == 0).Select(r => r.Steps!.Value).Order());
    }
}
