using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

/// <summary>A run's latest checkpoint pointer is written and read one way, by training, evaluation and pipelines alike.</summary>
public sealed class RunLayoutTests : IDisposable
{
    private readonly TempFolder _temp = new("runs");
    private readonly FolderBlobStore _store;

    public RunLayoutTests() => _store = new FolderBlobStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_pointer_reads_back_as_written_and_a_run_without_one_has_none()
    {
        var run = new RunLayout("demo");
        Assert.Null(await run.ReadLatestAsync(_store));

        var latest = new LatestCheckpoint(300, run.Checkpoint(300), DateTimeOffset.UnixEpoch);
        await run.WriteLatestAsync(_store, latest);

        Assert.Equal("runs/demo/checkpoints/latest.json", run.LatestPointer);
        Assert.Equal(latest, await run.ReadLatestAsync(_store));
        Assert.Equal("runs/demo/checkpoints/step-000300.ckpt", latest.Path);
    }

    [Theory]
    [InlineData("{\"path\": \"runs/demo/checkpoints/step-000001.ckpt\"}", "is not a checkpoint pointer (no \"step\")")]
    [InlineData("{ not json", "is not valid JSON")]
    public async Task A_pointer_that_is_not_one_is_named(string text, string reason)
    {
        var run = new RunLayout("demo");
        await _store.WriteTextAsync(run.LatestPointer, text);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.ReadLatestAsync(_store));

        Assert.Contains("runs/demo/checkpoints/latest.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
