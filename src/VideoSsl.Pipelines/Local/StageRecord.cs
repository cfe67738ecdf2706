using VideoSsl.Pipelines.Graph;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Local;

/// <summary>
/// The pipeline's own note that a stage finished, at runs/{run}/pipeline/{stage}.json. Verbs write some of their
/// done-markers even when interrupted (ingest commits what it decoded), and a changed spec changes the argv; so a
/// stage counts as done only with a record of the same command and its markers present. The same command is the same
/// verb with the same flags and values: flags may stand in another order (a spec's keys can), a repeated flag's values may not.
/// </summary>
public sealed record StageRecord(string Stage, IReadOnlyList<string> Argv, int ExitCode, DateTimeOffset FinishedUtc)
{
    public static string PathFor(string run, string stageId) => $"runs/{run}/pipeline/{stageId}.json";

    public static Task WriteAsync(IBlobStore store, string run, Stage stage, int exitCode, CancellationToken cancellationToken = default) =>
        store.WriteJsonAsync(PathFor(run, stage.Id), new StageRecord(stage.Id, stage.Argv, exitCode, DateTimeOffset.UtcNow), cancellationToken);

    public static async Task<bool> MatchesAsync(IBlobStore store, string run, Stage stage, CancellationToken cancellationToken = default)
    {
        var record = await store.ReadJsonOrDefaultAsync<StageRecord>(PathFor(run, stage.Id), cancellationToken);
        return record is not null && Canonical(record.Argv).SequenceEqual(Canonical(stage.Argv), StringComparer.Ordinal);
    }

    // The verb's words, then each flag with its values, sorted by flag (stable: a repeated flag keeps its values' order).
    private static IEnumerable<string> Canonical(IReadOnlyList<string> argv)
    {
        var words = argv.TakeWhile(a => !IsFlag(a)).ToList();
        var options = new List<List<string>>();
        foreach (var arg in argv.Skip(words.Count))
        {
            if (IsFlag(arg))
            {
                options.Add([arg]);
            }
            else
            {
                options[^1].Add(arg);
            }
        }
        return [.. words, .. options.OrderBy(o => o[0], StringComparer.Ordinal).SelectMany(o => o.Append("\0"))];
    }

    // --flag, or a short one (-d); not a negative number.
    private static bool IsFlag(string arg) => arg.StartsWith("--", StringComparison.Ordinal) || (arg.Length == 2 && arg[0] == '-' && char.IsAsciiLetter(arg[1]));
}
