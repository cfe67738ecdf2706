using System.Text.Json;
using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>Every verb on bad input: one line naming the input and the reason, exit code 1, no stack trace.</summary>
[Collection(InProcessCli.Name)]
public sealed class BadInputTests(BadInputTests.Inputs inputs) : IClassFixture<BadInputTests.Inputs>
{
    public static TheoryData<string> Cases() => [.. Inputs.Cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gives_one_line_naming_it_and_exit_code_1(string name)
    {
        var (args, expected) = inputs.Case(name);

        var (code, stdout, stderr) = await InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException("no Batch here"), args);

        var context = $"{name}: exit {code}\n{stdout}\n{stderr}";
        Assert.True(code == 1, context);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        var line = Assert.Single(Subprocess.Messages(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pretraining_over_a_corrupt_shard_names_the_shard_and_clip_as_inspect_verify_does()
    {
        var (inspectCode, _, inspect) = await InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException(), inputs.Case("inspect-verify-corrupt").Args);
        var (pretrainCode, _, pretrain) = await InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException(), inputs.Case("pretrain-corrupt-shard").Args);

        Assert.Equal((1, 1), (inspectCode, pretrainCode));
        var line = Assert.Single(Subprocess.Messages(inspect));
        Assert.Matches(@"^error: Clip \d+ of shard 'datasets/corrupt/v[0-9a-f]+/shards/test-000000\.vss' is corrupt \(checksum mismatch\)\.$", line);
        Assert.Equal(line, Assert.Single(Subprocess.Messages(pretrain)));
    }

    [Fact]
    public void A_full_local_disk_is_an_outage_with_advice_not_an_input_problem() =>
        Assert.Equal("local disk full: No space left on device : '/dev/full'", Hosting.ServiceFailure.Describe(FullDisk.Error()));

    /// <summary>A store and files holding one bad input for each verb; a tiny pretrained run for evaluate.</summary>
    public sealed class Inputs : IAsyncLifetime
    {
        private static readonly ClipSpec Spec = new(Size: 16, Color: ColorMode.Gray, Frames: 8, Stride: 8);
        private readonly TempFolder _temp = new("bad-inputs");

        /// <summary>Case name → (arguments after the global ones, what the line must contain). {x} is replaced by the path of x in the temp folder.</summary>
        public static readonly Dictionary<string, (string[] Args, string Expected)> Cases = new()
        {
            ["synth-idx-not-idx"] = (["synth", "moving-digits", "--out", "{out}", "--count", "2", "--idx", "{garbage.idx}"], "bad magic number"),
            ["synth-actions-fraction"] = (["synth", "actions", "--out", "{out}", "--test-fraction", "2"], "test-fraction: 2 must be in [0, 1]"),
            ["ingest-missing-source"] = (["ingest", "--source", "{missing}"], "does not exist"),
            ["ingest-labels-missing-video"] = (["ingest", "--source", "{kinetics}", "--labels", "kinetics", "--dataset", "lab"], "train.csv:3: video 'train/a/gone_000000_000002.mp4' does not exist"),
            ["pretrain-missing-dataset"] = (["pretrain", "--dataset", "nope", "--device", "cpu"], "Dataset 'nope' does not exist"),
            ["pretrain-corrupt-shard"] = (["pretrain", "--dataset", "corrupt", "--run", "c", "--steps", "3", "--batch-size", "4", "--device", "cpu", "--image-size", "16", "--frames", "8", "--validation-videos", "0"], "is corrupt (checksum mismatch)"),
            ["predict-truncated-checkpoint"] = (["predict", "--run", "broken", "--device", "cpu"], "runs/broken/checkpoints/step-000001.ckpt"),
            ["evaluate-labeled-missing-video"] = (["evaluate", "--run", "r", "--labeled", "{kinetics}", "--layout", "kinetics", "--dataset", "lab", "--device", "cpu"], "train.csv:3: video 'train/a/gone_000000_000002.mp4' does not exist"),
            ["inspect-missing-dataset"] = (["inspect", "--dataset", "nope"], "Dataset 'nope' does not exist"),
            ["inspect-verify-stale-manifest"] = (["inspect", "--dataset", "stale", "--verify"], "manifest.jsonl disagrees with the video records: it lists 3 clips of 3 videos, the records 4 clips of 4 videos"),
            ["inspect-verify-corrupt"] = (["inspect", "--dataset", "corrupt", "--verify"], "is corrupt (checksum mismatch)"),
            ["pipeline-unclosed-bracket"] = (["pipeline", "run", "{unclosed.yaml}"], "unclosed.yaml:4: not valid YAML: the '[' on this line is never closed"),
            ["pipeline-status-no-job"] = (["pipeline", "status"], "--job is required"),
            ["bench-pretrain-missing-dataset"] = (["bench", "pretrain-input", "--dataset", "nope", "--steps", "1"], "Dataset 'nope' does not exist"),
            ["settings-not-json"] = (["inspect", "--settings", "{bad.json}"], "is not valid JSON"),
        };

        public (string[] Args, string Expected) Case(string name)
        {
            var (args, expected) = Cases[name];
            return ([.. args.Select(a => a.StartsWith('{') ? _temp[a.Trim('{', '}')] : a), "--store", _temp["store"]], expected);
        }

        public async Task InitializeAsync()
        {
            var store = new FolderBlobStore(_temp["store"]);
            var clips = Enumerable.Range(0, 12).Select(Clip).ToList();
            await TestDatasets.WriteAsync(store, "squares", Spec, clips, clipsPerShard: 6);
            await TestDatasets.WriteAsync(store, "corrupt", Spec, clips, clipsPerShard: 6);
            var corrupt = new DatasetLayout("corrupt", Spec.Version);
            var shard = store.GetLocalPath(corrupt.Shard("shards/test-000000.vss"));
            var bytes = await File.ReadAllBytesAsync(shard);
            for (var i = 0; i < 64; i++)
            {
                bytes[bytes.Length - (3 * Spec.Shape.ClipBytes) + i] ^= 0xff; // 64 bytes inside clip 3 of the first shard (of 6)
            }
            await File.WriteAllBytesAsync(shard, bytes);
            var stale = await TestDatasets.WriteAsync(store, "stale", Spec, clips[..4]);
            var lines = (await store.ReadTextAsync(stale.Manifest)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await store.WriteTextAsync(stale.Manifest, string.Concat(lines[..3].Select(l => l + "\n")));

            // A pretrained run (one step of a tiny model) for evaluate, and a copy whose checkpoint is cut short.
            var (code, _, stderr) = await InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException(),
                "pretrain", "--dataset", "squares", "--run", "r", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--image-size", "16", "--frames", "8",
                "--validation-videos", "0", "--store", _temp["store"]);
            Assert.True(code == 0, stderr);
            var checkpoint = await store.ReadAllBytesAsync("runs/r/checkpoints/step-000001.ckpt");
            await store.WriteBytesAsync("runs/broken/checkpoints/step-000001.ckpt", checkpoint.AsMemory(0, checkpoint.Length / 2));
            await store.WriteTextAsync("runs/broken/checkpoints/latest.json", JsonSerializer.Serialize(new { step = 1, path = "runs/broken/checkpoints/step-000001.ckpt", createdUtc = DateTimeOffset.UtcNow }));

            File.WriteAllBytes(_temp["garbage.idx"], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
            Directory.CreateDirectory(_temp["kinetics/train/a"]);
            File.WriteAllBytes(_temp["kinetics/train/a/here_000000_000002.mp4"], [0]);
            File.WriteAllLines(_temp["kinetics/train.csv"], ["label,youtube_id,time_start,time_end,split", "a,here,0,2,train", "a,gone,0,2,train"]);
            File.WriteAllText(_temp["unclosed.yaml"], "name: unclosed\ndatasets:\n  digits: { source: videos }\nsteps: [3, 4\nstages:\n  pretrain: { steps: 10 }\n");
            File.WriteAllText(_temp["bad.json"], "{ \"Store\": { \"Location\": ");
        }

        public Task DisposeAsync()
        {
            _temp.Dispose();
            return Task.CompletedTask;
        }

        private static byte[] Clip(int seed)
        {
            var bytes = new byte[Spec.Shape.ClipBytes];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }
    }
}
