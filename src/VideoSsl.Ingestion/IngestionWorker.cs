using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Ingestion;

/// <summary>Ingests every video of a source into a dataset version: decode, cut into clips, pack into shards, record.</summary>
/// <remarks>
/// Idempotent and resumable: a video is done when its record exists, so reruns skip finished videos and a killed run
/// redoes only unfinished ones. Any number of workers may share a source: each video is claimed before it is decoded,
/// and its record is created only if absent, so it lands in the manifest exactly once.
/// A run is a pipeline (<see cref="IngestStages"/>): inputs are screened and claimed (<see cref="InputScreen"/>) a
/// little ahead of <see cref="IngestOptions.Workers"/> decoders, each of which gathers claimed videos into groups
/// (<see cref="GroupPlan"/>) and decodes them with one ffmpeg launch per group (<see cref="GroupIngester"/>); the
/// <see cref="ShardAssembler"/> writes shards and then records behind them.
/// </remarks>
public sealed class IngestionWorker
{
    private readonly IBlobStore _store;
    private readonly IVideoSource _source;
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DatasetLayout _layout;
    private readonly string _workerId = $"{Environment.ProcessId:x}{Guid.NewGuid().ToString("N")[..8]}";

    public IngestionWorker(IBlobStore store, IVideoSource source, IngestOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid ingest options:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }
        _store = store;
        _source = source;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _layout = new DatasetLayout(options.Dataset, options.Spec.Version);
    }

    /// <summary>Where this run writes.</summary>
    public DatasetLayout Layout => _layout;

    /// <summary>Runs to completion (or cancellation) and reports what happened to every input.</summary>
    public async Task<IngestReport> RunAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var spec = _options.Spec;
        if (_store is FolderBlobStore folder && folder.RemoveStaleTemporaryFiles(_options.ClaimTimeToLive) is > 0 and var removed)
        {
            // Killed writers leave their temp files behind (Azure drops uncommitted blocks by itself).
            _logger.LogInformation("Removed {Count} temporary files that killed runs left in the store", removed);
        }
        await _store.TryCreateJsonAsync(_layout.Info, new DatasetInfo(_options.Dataset, spec.Version, spec, ShardFormat.Version, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var recorded = await Manifest.ReadVideoRecordsAsync(_store, _layout, cancellationToken).ConfigureAwait(false);
        var existing = recorded.ToDictionary(r => r.VideoId);
        var items = await ListAsync(cancellationToken).ConfigureAwait(false);
        var plan = GroupPlan.For(items.Select(i => i.Length), _options.Workers, _options.GroupSize);
        _logger.LogInformation("Ingesting {Count} videos from {Source} into {Store} as {Dataset}/{Version} ({Workers} workers, up to {Group} videos per ffmpeg)",
            items.Count, _source.Description, _store.Description, _options.Dataset, spec.Version, _options.Workers, plan.MaxInputs);

        var run = new IngestRun(items.Count, progress);
        var claims = new ClaimKeeper(new ClaimBoard(_store, _layout.ClaimsPrefix, _workerId, _options.ClaimTimeToLive, _time),
            id => _logger.LogWarning("Lost the claim on video {Id}; another worker may redo it (only one record will be kept).", id));
        var committer = new VideoCommitter(_store, _layout, claims, run, _logger);
        var assembler = new ShardAssembler(_store, _layout, spec.Shape, _options.ShardSizeMb * 1024L * 1024, _workerId, committer.CommitAsync);
        var stages = new IngestStages(_options, plan, new InputScreen(_store, _source, _options, _layout, existing, claims, run),
            new GroupIngester(_source, _options, assembler, claims, run, _logger), assembler, run, _time);
        var cancelled = false;
        try
        {
            var deferred = await stages.ScreenAndDecodeAsync(Ordered(items), cancellationToken).ConfigureAwait(false);
            await assembler.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stages.WaitForOthersAsync(deferred, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            _logger.LogWarning("Cancelled: committing the videos already decoded, then stopping.");
        }
        finally
        {
            // Whatever happened, videos already decoded are committed, and claims on unfinished ones are given back.
            try
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await assembler.FlushAsync(grace.Token).ConfigureAwait(false);
            }
            finally
            {
                await claims.DisposeAsync().ConfigureAwait(false);
                await assembler.DisposeAsync().ConfigureAwait(false);
            }
        }

        // Every run leaves the manifest agreeing with the records, also when an earlier run was killed before rewriting it.
        var repair = !run.ChangedRecords && !await Manifest.AgreesAsync(_store, _layout, recorded, CancellationToken.None).ConfigureAwait(false);
        if (repair && recorded.Count > 0)
        {
            _logger.LogWarning("The manifest does not list what the video records hold (an earlier run stopped before rewriting it); rewriting it.");
        }
        var total = run.ChangedRecords || repair
            ? (await Manifest.RebuildAsync(_store, _layout, CancellationToken.None).ConfigureAwait(false)).Count
            : recorded.Sum(r => r.Clips.Count);
        await UpdateCurrentPointerAsync(CancellationToken.None).ConfigureAwait(false);
        run.Report();
        return new IngestReport(_options.Dataset, spec.Version, _store.Description, _source.Description, run.Results(items.Select(i => i.Path)),
            run.NewClips, total, assembler.ShardsWritten, clock.Elapsed.TotalSeconds, cancelled, repair && recorded.Count > 0);
    }

    private async Task<List<SourceItem>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<SourceItem>();
        await foreach (var item in _source.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_options.InPartition(item.Path))
            {
                items.Add(item);
            }
        }
        return items;
    }

    // Workers sharing a source start at different places, so they rarely wait for each other's claims.
    private IEnumerable<SourceItem> Ordered(List<SourceItem> items)
    {
        var offset = items.Count == 0 ? 0 : (int)((uint)_workerId.GetHashCode(StringComparison.Ordinal) % (uint)items.Count);
        return items.Skip(offset).Concat(items.Take(offset));
    }

    private async Task UpdateCurrentPointerAsync(CancellationToken cancellationToken)
    {
        var pointer = DatasetLayout.CurrentPointer(_options.Dataset);
        var current = await _store.ReadJsonOrDefaultAsync<CurrentVersion>(pointer, cancellationToken).ConfigureAwait(false);
        if (current?.Version != _layout.Version)
        {
            await _store.WriteJsonAsync(pointer, new CurrentVersion(_layout.Version, _options.Spec, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }
}
