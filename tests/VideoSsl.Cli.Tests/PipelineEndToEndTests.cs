using System.Diagnostics;
using System.Text.Json;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

public sealed class PipelineEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new("pipeline");

    public void Dispose() => _temp.Dispose();

    private const string Spec = """
        name: tiny
        store:
          location: store
        datasets:
          digits:
            synth: { generator: moving-digits, count: 12, seed: 1, out: videos/digits }
          actions:
            synth: { generator: actions, videosPerClass: 4, seed: 2, out: videos/actions }
          digits-test:
            synth: { generator: moving-digits, count: 6, seed: 11, out: videos/digits-test }
        stages:
          ingest: { fps: 10, size: 32, color: rgb, frames: 20 }
          pretrain:
            datasets: [digits]
            preset: tiny
            steps: 4
            batchSize: 4
          evaluate:
            dataset: actions
            labelsPerClass: [2]
            probeEpochs: 20
            finetuneSteps: 2
            finetuneBatch: 4
            seeds: [0]
            views: 1
            futureDataset: digits-test
            futureClips: 6
        """;

    [Fact]
    public async Task A_tiny_pipeline_runs_every_stage_skips_them_on_rerun_and_writes_a_full_report()
    {
        var spec = _temp["tiny.yaml"];
        await File.WriteAllTextAsync(spec, Spec);

        var clock = Stopwatch.StartNew();
        var (code, stdout, stderr) = await Run(_temp.Path, "pipeline", "run", spec);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var first = clock.Elapsed;

        var report = Path.Combine(_temp.Path, "store", "runs", "tiny");
        var markdown = await File.ReadAllTextAsync(Path.Combine(report, "report.md"));
        foreach (var section in new[] { "Label efficiency", "Summary", "Setup", "Linear probe", "Fine-tuning", "Per-class accuracy", "Confusion matrices", "Future-frame prediction", "Pretraining", "Reproduce" })
        {
            Assert.Contains("## " + section, markdown);
        }
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json")));
        var protocols = json.RootElement.GetProperty("protocols").EnumerateArray().Select(p => p.GetProperty("protocol").GetString()).ToList();
        Assert.Equal(["pretrainedProbe", "randomProbe", "motionEnergyProbe", "finetunePretrained", "finetuneScratch"], protocols);
        Assert.True(json.RootElement.GetProperty("futureFrames").GetProperty("rows").GetArrayLength() == 3);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "figures"), "*.png"));
        Assert.True(File.Exists(Path.Combine(report, "loss.png")));

        clock.Restart();
        (code, stdout, stderr) = await Run(_temp.Path, "pipeline", "run", spec);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal(8, CountOf(stdout + stderr, "skipped"));
        Assert.True(clock.Elapsed < first, $"rerun took {clock.Elapsed}, first run {first}");
    }

    private static int CountOf(string text, string word) =>
        text.Split('\n').Count(l => l.Contains(word, StringComparison.OrdinalIgnoreCase) && l.Contains('[', StringComparison.Ordinal));

    private static async Task<(int, string, string)> Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "videossl.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
