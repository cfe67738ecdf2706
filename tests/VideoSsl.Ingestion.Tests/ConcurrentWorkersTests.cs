using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed class ConcurrentWorkersTests(SampleVideos samples, AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new("workers");

    public void Dispose() => _temp.Dispose();

    private IBlobStore Store(string backend) => backend == "folder" ? new FolderBlobStore(_temp["store"]) : azurite.NewStore();

    [Theory]
    [InlineData("folder")]
    [InlineData("azurite")]
    public async Task Two_workers_on_one_source_ingest_every_video_exactly_once(string backend)
    {
        var store = Store(backend);
        var reports = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new IngestionWorker(store, new FolderVideoSource(samples.Good), IngestHarness.Options(samples.Good, workers: 2)).RunAsync())));

        // Each video was recorded by exactly one of the two workers, and every video was recorded.
        var written = reports.SelectMany(r => r.Inputs.Where(i => i.New).Select(i => i.Path)).ToList();
        Assert.Equal(written.Distinct().Count(), written.Count);
        Assert.Equal(11, written.Count);
        Assert.All(reports, r => Assert.Equal(11, r.Inputs.Count));

        var dataset = await ClipDataset.OpenAsync(store, "ds");
        var perSource = dataset.Entries.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.Select(e => e.ClipIndex).ToList());
        Assert.Equal(11, perSource.Count);
        Assert.All(perSource.Values, indexes => Assert.Equal(indexes.Distinct().Count(), indexes.Count));
        await foreach (var _ in dataset.StreamAsync())
        {
            // Reading every clip verifies every checksum.
        }
    }

    [Fact]
    public async Task A_dead_workers_claim_expires_and_the_video_is_taken_over()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var source = samples.CopyToNewFolder(samples.Good, "h264.mp4", "vp9.webm");
        var options = IngestHarness.Options(source);
        options.ClaimTimeToLive = TimeSpan.FromSeconds(2);
        var layout = new DatasetLayout("ds", options.Spec.Version);
        // A worker that died holding the claim on one video (same process id, so only expiry frees it).
        var id = VideoId.For("vp9.webm", await new FolderVideoSource(source).IdentifyAsync(new SourceItem("vp9.webm", 0)));
        var dead = new ClaimBoard(store, layout.ClaimsPrefix, "dead-worker", TimeSpan.FromSeconds(2));
        Assert.NotNull(await dead.TryAcquireAsync(id));

        var started = DateTime.UtcNow;
        var report = await new IngestionWorker(store, new FolderVideoSource(source), options).RunAsync();

        Assert.Equal(2, report.Ingested);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.5), "the held video was taken before its claim expired");
    }

    [Fact]
    public async Task Videos_in_a_blob_container_are_ingested_into_azure_storage()
    {
        var options = azurite.NewOptions();
        var raw = BlobStoreFactory.CreateSibling(options, "raw" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var name in new[] { "h264.mp4", "vp9.webm" })
        {
            await raw.UploadFileAsync($"cams/2026/{name}", Path.Combine(samples.Good, name));
        }
        await raw.WriteTextAsync("cams/2026/notes.txt", "not a video, and not a video extension");
        var store = BlobStoreFactory.Create(options);

        var report = await new IngestionWorker(store, new BlobVideoSource(raw, "cams/2026"), IngestHarness.Options("blob:raw/cams/2026")).RunAsync();

        Assert.Equal(["h264.mp4", "vp9.webm"], report.Inputs.Select(i => i.Path).Order());
        Assert.Equal(2, report.Ingested);
        var dataset = await ClipDataset.OpenAsync(store, "ds");
        Assert.Equal(6, dataset.Count);
        Assert.All(dataset.Entries, e => Assert.StartsWith("sha256:", e.SourceHash));
        var again = await new IngestionWorker(store, new BlobVideoSource(raw, "cams/2026"), IngestHarness.Options("blob:raw/cams/2026")).RunAsync();
        Assert.True(again.WroteNothing);
    }
}
