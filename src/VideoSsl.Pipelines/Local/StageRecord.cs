using VideoSsl.Pipelines.Graph;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Local;

/// <summary>
/// The pipeline's own note that a stage finished, at runs/{run}/pipeline/{stage}.json. Verbs write some of their
/// done-markers even when interrupted (ingest commits what it decoded), and a changed spec changes the argv; so a
/// stage counts as done only with a record of the same argv and its markers present.
/// </summary>
public sealed record StageRecord(string Stage, IReadOnlyList<string> Argv, int ExitCode, DateTimeOffset FinishedUtc)
{
    public static string PathFor(string run, string stageId) => $"runs/{run}/pipeline/{stageId}.json";

    public static Task WriteAsync(IBlobStore store, string run, Stage stage, int exitCode, CancellationToken cancellationToken = default) =>
        store.WriteJsonAsync(PathFor(run, stage.Id), new StageRecord(stage.Id, stage.Argv, exitCode, DateTimeOffset.UtcNow), cancellationToken);

    public static async Task<bool> MatchesAsync(IBlobStore store, string run, Stage stage, CancellationToken cancellationToken = default)
    {
        var record = await store.ReadJsonOrDefaultAsync<StageRecord>(PathFor(run, stage.Id), cancellationToken);
        return record is not null && record.Argv.SequenceEqual(stage.Argv, StringComparer.Ordinal);
    }
}
