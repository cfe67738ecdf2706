using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using VideoSsl.Clips;
using VideoSsl.Inference.Embedding;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>embed, finetune and classify end to end on small synthetic videos, with one file that is not a video among them.</summary>
[Collection(InProcessCli.Name)]
public sealed class UseVerbsTests(UseVerbsTests.Videos videos) : IClassFixture<UseVerbsTests.Videos>
{
    [Fact]
    public async Task Embed_writes_one_row_per_clip_with_the_schema_and_metadata_and_quarantines_the_bad_file()
    {
        var (code, stdout, stderr) = await videos.RunAsync("embed", "--run", "r", "--source", videos.New, "--out", videos.Temp["clips.parquet"], "--device", "cpu", "--json");

        Assert.True(code == 2, stderr); // finished, with a quarantined input
        using var report = JsonDocument.Parse(stdout);
        var bad = report.RootElement.GetProperty("videos").EnumerateArray().Single(v => v.GetProperty("path").GetString() == "broken.mp4");
        Assert.Equal("quarantined", bad.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(bad.GetProperty("reason").GetString()));

        await using var file = File.OpenRead(videos.Temp["clips.parquet"]);
        await using (var reader = await ParquetReader.CreateAsync(file, leaveStreamOpen: true))
        {
            Assert.Equal(["path", "clip", "start_seconds", "embedding"], reader.Schema.Fields.Select(f => f.Name));
            var fields = reader.Schema.Fields;
            Assert.Contains(((DataField)fields[0]).ClrType, new[] { typeof(string), typeof(ReadOnlyMemory<char>) }); // a UTF-8 string column, however the reader hands it out
            Assert.Equal(typeof(int), ((DataField)fields[1]).ClrType);
            Assert.Equal(typeof(double), ((DataField)fields[2]).ClrType);
            Assert.Equal(typeof(float), ((DataField)((ListField)fields[3]).Item).ClrType);
            Assert.Equal("r", reader.CustomMetadata[EmbeddingFile.RunKey]);
            Assert.Equal("1", reader.CustomMetadata[EmbeddingFile.StepKey]);
            Assert.False(string.IsNullOrEmpty(reader.CustomMetadata[EmbeddingFile.ModelKey]));
            var spec = JsonSerializer.Deserialize<ClipSpec>(reader.CustomMetadata[EmbeddingFile.ClipSpecKey], BlobStoreExtensions.Json)!;
            Assert.Equal((8, 16), (spec.Frames, spec.Size));
        }
        file.Position = 0;
        var (rows, _) = await EmbeddingFile.ReadAsync(file);
        // Three good 2.4 s videos at 10 fps: 24 frames, three 8-frame clips each, starting 0, 0.8 and 1.6 s in.
        Assert.Equal(["a.mp4", "b.mp4", "c.mp4"], rows.Select(r => r.Path).Distinct());
        Assert.All(rows.GroupBy(r => r.Path), g => Assert.Equal([0, 1, 2], g.Select(r => r.Clip)));
        Assert.Equal([0, 0.8, 1.6], rows.Where(r => r.Path == "a.mp4").Select(r => Math.Round(r.StartSeconds, 6)));
        Assert.All(rows, r => Assert.True(r.Embedding.Count > 0 && r.Embedding.All(float.IsFinite)));
    }

    [Fact]
    public async Task Embed_gives_the_same_floats_for_the_same_input_and_per_video_rows_are_the_clip_means()
    {
        var first = await EmbedAsync("first.parquet");
        var again = await EmbedAsync("again.parquet");
        var perVideo = await EmbedAsync("videos.parquet", "--per-video");

        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal((first[i].Path, first[i].Clip), (again[i].Path, again[i].Clip));
            Assert.Equal(first[i].Embedding, again[i].Embedding); // bit for bit
        }
        Assert.NotEqual(first[0].Embedding, first.First(r => r.Path == "c.mp4").Embedding); // different videos, different embeddings
        Assert.Equal(["a.mp4", "b.mp4", "c.mp4"], perVideo.Select(r => r.Path));
        Assert.All(perVideo, r => Assert.Equal(-1, r.Clip));
        foreach (var video in perVideo)
        {
            var clips = first.Where(r => r.Path == video.Path).ToList();
            for (var d = 0; d < video.Embedding.Count; d++)
            {
                Assert.Equal(clips.Average(c => (double)c.Embedding[d]), video.Embedding[d], 1e-6);
            }
        }
    }

    [Fact]
    public async Task Embedding_an_ingested_dataset_gives_the_floats_of_embedding_its_videos_decoded_in_process()
    {
        var (code, _, stderr) = await videos.RunAsync("ingest", "--source", videos.New, "--dataset", "fresh", "--fps", "10", "--size", "16", "--color", "gray", "--frames", "8");
        Assert.True(code == 2, stderr); // broken.mp4 quarantined

        var decoded = await EmbedAsync("decoded.parquet");
        var ingested = await EmbedAsync("ingested.parquet", 0, "--dataset", "fresh");

        Assert.Equal(decoded.Select(r => (r.Path, r.Clip, r.StartSeconds)), ingested.Select(r => (r.Path, r.Clip, r.StartSeconds)));
        for (var i = 0; i < decoded.Count; i++)
        {
            Assert.Equal(decoded[i].Embedding, ingested[i].Embedding);
        }
    }

    [Fact]
    public async Task Classify_agrees_with_the_test_top1_finetune_reported_and_labels_good_videos_beside_a_bad_one()
    {
        var (code, stdout, stderr) = await videos.RunAsync("finetune", "--run", "r", "--labeled", videos.Labeled, "--out-run", "c", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var finetune = JsonDocument.Parse(stdout);
        var reported = finetune.RootElement.GetProperty("testTop1").GetDouble();
        Assert.Equal(4, finetune.RootElement.GetProperty("testVideos").GetInt32());
        var saved = await new FolderBlobStore(videos.Store).ReadTextAsync("runs/c/finetune.json");
        Assert.Equal(reported, JsonDocument.Parse(saved).RootElement.GetProperty("testTop1").GetDouble());

        (code, stdout, stderr) = await videos.RunAsync("classify", "--run", "c", "--source", Path.Combine(videos.Labeled, "test"), "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var test = JsonDocument.Parse(stdout);
        var labeled = test.RootElement.GetProperty("videos").EnumerateArray().ToList();
        Assert.Equal(4, labeled.Count);
        var correct = labeled.Count(v => v.GetProperty("label").GetString() == v.GetProperty("path").GetString()!.Split('/')[0]);
        Assert.Equal(reported, correct / (double)labeled.Count);
        foreach (var video in labeled)
        {
            var probabilities = video.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(["blue", "red"], probabilities.Keys.Order());
            Assert.Equal(1, probabilities.Values.Sum(), 5);
            Assert.Equal(probabilities.Values.Max(), video.GetProperty("probability").GetDouble(), 6);
            Assert.Equal("classified", video.GetProperty("status").GetString());
        }

        (code, stdout, stderr) = await videos.RunAsync("classify", "--run", "c", "--source", videos.New, "--device", "cpu", "--json");
        Assert.True(code == 2, stderr);
        using var fresh = JsonDocument.Parse(stdout);
        var results = fresh.RootElement.GetProperty("videos").EnumerateArray().ToDictionary(v => v.GetProperty("path").GetString()!);
        Assert.Equal(["a.mp4", "b.mp4", "broken.mp4", "c.mp4"], results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("quarantined", results["broken.mp4"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, results["broken.mp4"].GetProperty("label").ValueKind);
        Assert.All(["a.mp4", "b.mp4", "c.mp4"], p => Assert.Equal("classified", results[p].GetProperty("status").GetString()));

        // A pretraining run is no classifier: one line saying so.
        (code, _, stderr) = await videos.RunAsync("classify", "--run", "r", "--source", videos.New, "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("holds a pretrained encoder, not a classifier", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("a bug", stderr);

        // ... and a classifier run is no pretraining run.
        (code, _, stderr) = await videos.RunAsync("predict", "--run", "c", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("holds a classifier fine-tuned from run 'r', not a pretrained model", stderr);
    }

    private Task<IList<EmbeddingRow>> EmbedAsync(string name, params string[] extra) => EmbedAsync(name, 2, ["--source", videos.New, .. extra]);

    private async Task<IList<EmbeddingRow>> EmbedAsync(string name, int exitCode, params string[] extra)
    {
        var (code, _, stderr) = await videos.RunAsync(["embed", "--run", "r", "--out", videos.Temp[name], "--device", "cpu", .. extra]);
        Assert.True(code == exitCode, stderr);
        await using var file = File.OpenRead(videos.Temp[name]);
        return (await EmbeddingFile.ReadAsync(file)).Rows;
    }

    /// <summary>A store with a one-step pretraining run of a tiny model; a labeled set of red and blue videos (train and test folders); three new videos and a file that is not one.</summary>
    public sealed class Videos : IAsyncLifetime
    {
        public TempFolder Temp { get; } = new("use");

        public string Store => Temp["store"];

        public string Labeled => Temp["labeled"];

        public string New => Temp["new"];

        public Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
            InProcessCli.RunAsync(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException("no Batch here"), [.. args, "--store", Store]);

        public async Task InitializeAsync()
        {
            var spec = new ClipSpec(Size: 16, Color: ColorMode.Gray, Frames: 8, Stride: 8);
            var random = new Random(3);
            var clips = Enumerable.Range(0, 8).Select(_ =>
            {
                var bytes = new byte[spec.Shape.ClipBytes];
                random.NextBytes(bytes);
                return bytes;
            }).ToList();
            await TestDatasets.WriteAsync(new FolderBlobStore(Store), "noise", spec, clips);
            var (code, _, stderr) = await RunAsync("pretrain", "--dataset", "noise", "--run", "r", "--steps", "1", "--batch-size", "4", "--device", "cpu",
                "--image-size", "16", "--frames", "8", "--validation-videos", "0");
            Assert.True(code == 0, stderr);

            var n = 0;
            foreach (var (split, count) in new[] { ("train", 4), ("test", 2) })
            {
                foreach (var color in new[] { "red", "blue" })
                {
                    for (var i = 0; i < count; i++)
                    {
                        Video(Path.Combine(Labeled, split, color, $"{color}{i}.mp4"), color, n++);
                    }
                }
            }
            Video(Path.Combine(New, "a.mp4"), "red", n++);
            Video(Path.Combine(New, "b.mp4"), "blue", n++);
            Video(Path.Combine(New, "c.mp4"), "green", n);
            File.WriteAllText(Path.Combine(New, "broken.mp4"), "not a video\n");
        }

        public Task DisposeAsync()
        {
            Temp.Dispose();
            return Task.CompletedTask;
        }

        // 2.4 s of a colour with moving noise at 10 fps.
        private static void Video(string file, string color, int seed) =>
            Ffmpeg.Generate(file, $"color=c={color}:size=32x32:rate=10,noise=alls=40:allf=t:all_seed={seed.ToString(CultureInfo.InvariantCulture)}", 2.4,
                "-c:v", "libx264", "-pix_fmt", "yuv420p");
    }
}
