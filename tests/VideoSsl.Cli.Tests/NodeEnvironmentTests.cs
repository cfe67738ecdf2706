using VideoSsl.Pipelines.Spec;
using VideoSsl.Storage;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>Verbs run as a Batch task runs them: with the variables Batch sets, on a node without a GPU.</summary>
public sealed class NodeEnvironmentTests : IDisposable
{
    private readonly TempFolder _temp = new("node");

    public void Dispose() => _temp.Dispose();

    private Dictionary<string, string> TaskEnvironment() => new()
    {
        ["AZ_BATCH_JOB_ID"] = "nightly:job-3",
        ["AZ_BATCH_TASK_ID"] = "ingest-raw-0",
        ["AZ_BATCH_NODE_SHARED_DIR"] = _temp["shared"],
        ["AZ_BATCH_TASK_WORKING_DIR"] = _temp["task/wd"],
        ["TMPDIR"] = _temp["no-such-os-disk-tmp"], // anything written to the OS disk's temp folder fails
    };

    [Fact]
    public async Task Downloads_go_to_the_tasks_working_directory_not_the_os_disk()
    {
        await using var azurite = new AzuriteFixture();
        var raw = azurite.NewStore("raw");
        var video = Ffmpeg.Generate(_temp["a.mp4"], "testsrc=size=64x64:rate=10", 3, "-pix_fmt", "yuv420p");
        await raw.WriteBytesAsync("unlabeled/a.mp4", await File.ReadAllBytesAsync(video));
        Directory.CreateDirectory(_temp["task/wd"]);

        var (code, stdout, stderr) = await Subprocess.RunAsync(_temp["task/wd"], TaskEnvironment(),
            "ingest", "--source", "blob:raw/unlabeled", "--dataset", "raw", "--store", azurite.ConnectionString, "--container", "clips");

        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.Contains("1 ingested", stdout, StringComparison.Ordinal);
        Assert.True(Directory.Exists(_temp["task/wd/tmp"]));
    }

    [Fact]
    public async Task A_labeled_set_in_blob_storage_is_mirrored_into_the_tasks_working_directory()
    {
        await using var azurite = new AzuriteFixture();
        var labeled = azurite.NewStore("raw");
        await labeled.WriteTextAsync("labeled/actions/classInd.txt", "1 still\n");
        Directory.CreateDirectory(_temp["task/wd"]);

        var (_, _, stderr) = await Subprocess.RunAsync(_temp["task/wd"], TaskEnvironment(),
            "evaluate", "--run", "none", "--labeled", "blob:raw/labeled/actions", "--device", "cpu", "--store", azurite.ConnectionString, "--container", "clips");

        Assert.Contains($"downloaded to {_temp["task/wd/tmp/videossl-labeled/raw/labeled/actions"]}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_labeled_dataset_in_blob_storage_is_ingested_with_its_labels_as_its_batch_task_runs_it()
    {
        // nightly.yaml's actions dataset: source blob:raw/labeled/actions, labels ucf101 -> ingest ... --labels ucf101.
        await using var azurite = new AzuriteFixture();
        var (synth, _, synthErr) = await Subprocess.RunAsync(_temp.Path, null, "synth", "actions", "--out", _temp["actions"], "--videos-per-class", "2", "--seed", "3");
        Assert.True(synth == 0, synthErr);
        var raw = azurite.NewStore("raw");
        foreach (var file in Directory.EnumerateFiles(_temp["actions"], "*", SearchOption.AllDirectories))
        {
            await raw.WriteBytesAsync("labeled/actions/" + Path.GetRelativePath(_temp["actions"], file).Replace('\\', '/'), await File.ReadAllBytesAsync(file));
        }

        Directory.CreateDirectory(_temp["task/wd"]);
        var (code, stdout, stderr) = await Subprocess.RunAsync(_temp["task/wd"], TaskEnvironment(),
            "ingest", "--source", "blob:raw/labeled/actions", "--dataset", "actions", "--labels", "ucf101", "--partition", "0/1",
            "--store", azurite.ConnectionString, "--container", "clips");

        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.Contains("20 ingested", stdout, StringComparison.Ordinal);
        var (_, inspect, _) = await Subprocess.RunAsync(_temp.Path, null, "inspect", "--dataset", "actions", "--json", "--store", azurite.ConnectionString, "--container", "clips");
        using var json = System.Text.Json.JsonDocument.Parse(inspect);
        Assert.Equal(10, json.RootElement.GetProperty("labels").EnumerateObject().Count());
    }

    [Theory]
    [InlineData("nightly.yaml", "")]
    [InlineData("moving-mnist.yaml", "    device: cpu\n")] // the spec's own device: the node's --device replaces it
    public async Task The_gpu_stage_on_a_node_without_cuda_stops_with_a_clear_message_instead_of_training_on_the_cpu(string file, string device)
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", file)).Replace("  pretrain:\n", "  pretrain:\n" + device, StringComparison.Ordinal);
        var spec = SpecLoader.ToBase64(SpecLoader.Parse(yaml, file, Stages.StageVerbs.All));

        // What the GPU pool's task runs (BatchTranslator.PlanStageJob), here on a machine without CUDA.
        var (code, stdout, stderr) = await Subprocess.RunAsync(_temp.Path, TaskEnvironment(),
            "pipeline", "run-stage", "--stage", "pretrain", "--device", "cuda", "--spec-base64", spec, "--store", _temp["store"]);

        Assert.True(code == 1, $"{stdout}\n{stderr}");
        var message = Assert.Single(Subprocess.Messages(stderr));
        Assert.StartsWith("error: Device 'cuda' was requested but this build carries CPU libtorch only", message, StringComparison.Ordinal);
        Assert.Contains("Not falling back to CPU", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pretrained", stdout, StringComparison.Ordinal);
    }
}
