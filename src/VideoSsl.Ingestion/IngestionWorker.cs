using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Media;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;

namespace VideoSsl.Ingestion;

/// <summary>Ingests every video of a source into a dataset version: decode, cut into clips, pack into shards, record.</summary>
/// <remarks>
/// Idempotent and resumable: a video is done when its record exists, so reruns skip finished videos and a killed run
/// redoes only unfinished ones. Any number of workers may share a source: each video is claimed before it is decoded,
/// and its record is created only if absent, so it lands in the manifest exactly once.
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
    private readonly ConcurrentDictionary<string, Claim> _held = new();
    private readonly ConcurrentDictionary<string, InputResult> _results = new();
    private readonly ResiliencePipeline _videoRetry;
    private int _newClips;
    private int _processed;
    private int _relabeled;
    private long _frames;

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
        // The one retry layer for a video: the whole unit (download, probe, decode) again, only for failures that may pass.
        _videoRetry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientMediaException>(),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                OnRetry = args =>
                {
                    _logger.LogWarning("Retrying a video after a transient failure: {Reason}", args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Where this run writes.</summary>
    public DatasetLayout Layout => _layout;

    /// <summary>Runs to completion (or cancellation) and reports what happened to every input.</summary>
    public async Task<IngestReport> RunAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var spec = _options.Spec;
        await _store.TryCreateJsonAsync(_layout.Info, new DatasetInfo(_options.Dataset, spec.Version, spec, ShardFormat.Version, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var existing = (await Manifest.ReadVideoRecordsAsync(_store, _layout, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.VideoId);
        var items = new List<SourceItem>();
        await foreach (var item in _source.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_options.InPartition(item.Path))
            {
                items.Add(item);
            }
        }
        _logger.LogInformation("Ingesting {Count} videos from {Source} into {Store} as {Dataset}/{Version} ({Workers} workers)",
            items.Count, _source.Description, _store.Description, _options.Dataset, spec.Version, _options.Workers);

        var claims = new ClaimBoard(_store, _layout.ClaimsPrefix, _workerId, _options.ClaimTimeToLive, _time);
        var assembler = new ShardAssembler(_store, _layout, spec.Shape, _options.ShardSizeMb * 1024L * 1024, _workerId,
            (video, clips, ct) => CommitVideoAsync(claims, video, clips, ct));
        var deferred = new ConcurrentQueue<(SourceItem Item, string Id)>();
        using var renewal = new CancellationTokenSource();
        var renewing = RenewClaimsAsync(claims, renewal.Token);
        var cancelled = false;
        void Report() => progress?.Report(new IngestProgress(Volatile.Read(ref _processed), items.Count, _newClips, Interlocked.Read(ref _frames), null));
        try
        {
            // Workers sharing a source start at different places, so they rarely wait for each other's claims.
            var offset = items.Count == 0 ? 0 : (int)((uint)_workerId.GetHashCode(StringComparison.Ordinal) % (uint)items.Count);
            var ordered = items.Skip(offset).Concat(items.Take(offset));
            await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = _options.Workers, CancellationToken = cancellationToken }, async (item, ct) =>
            {
                if (await ProcessAsync(item, existing, claims, assembler, deferred, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _processed);
                }
                Report();
            }).ConfigureAwait(false);
            await assembler.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WaitForOthersAsync(deferred, existing, claims, assembler, Report, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            _logger.LogWarning("Cancelled: committing the videos already decoded, then stopping.");
        }
        finally
        {
            // Whatever happened, videos already decoded are committed, and claims on unfinished ones are given back.
            using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await assembler.FlushAsync(grace.Token).ConfigureAwait(false);
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            foreach (var claim in _held.Values)
            {
                await claims.ReleaseAsync(claim, grace.Token).ConfigureAwait(false);
            }
        }

        var anyNew = _results.Values.Any(r => r.New) || _relabeled > 0;
        var manifestMissing = !await _store.ExistsAsync(_layout.Manifest, CancellationToken.None).ConfigureAwait(false);
        var total = 0;
        if (anyNew || manifestMissing)
        {
            total = (await Manifest.RebuildAsync(_store, _layout, CancellationToken.None).ConfigureAwait(false)).Count;
        }
        else
        {
            total = existing.Values.Sum(r => r.Clips.Count);
        }
        await UpdateCurrentPointerAsync(CancellationToken.None).ConfigureAwait(false);
        Report();
        var inputs = items.Select(i => _results.GetValueOrDefault(i.Path)).Where(r => r is not null).Select(r => r!).ToList();
        return new IngestReport(_options.Dataset, spec.Version, _store.Description, _source.Description, inputs, _newClips, total,
            assembler.ShardsWritten, clock.Elapsed.TotalSeconds, cancelled);
    }

    // Returns false when another worker holds the video and it was deferred.
    private async Task<bool> ProcessAsync(SourceItem item, IReadOnlyDictionary<string, VideoRecord> existing, ClaimBoard claims,
        ShardAssembler assembler, ConcurrentQueue<(SourceItem, string)> deferred, CancellationToken cancellationToken)
    {
        if (item.UnsafeReason is not null)
        {
            var unsafeId = VideoId.For(item.Path, "unsafe");
            if (existing.TryGetValue(unsafeId, out var earlier))
            {
                Record(item.Path, earlier, isNew: false);
                return true;
            }
            var record = new VideoRecord(unsafeId, BlobPath.Printable(item.Path), "", VideoRecord.Quarantined, item.UnsafeReason, []);
            var created = await _store.TryCreateJsonAsync(_layout.Video(unsafeId), record, cancellationToken).ConfigureAwait(false);
            Record(item.Path, record, isNew: created);
            return true;
        }
        string id, identity;
        try
        {
            identity = await _source.IdentifyAsync(item, cancellationToken).ConfigureAwait(false);
            id = VideoId.For(item.Path, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An input we cannot even read: report it, but record nothing, so a later run tries again.
            _results[item.Path] = new InputResult(item.Path, InputStatus.Quarantined, 0, $"cannot read: {e.Message}", New: false);
            return true;
        }
        if (existing.TryGetValue(id, out var done))
        {
            await RelabelAsync(item, done, cancellationToken).ConfigureAwait(false);
            Record(item.Path, done, isNew: false);
            return true;
        }
        var claim = await claims.TryAcquireAsync(id, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            deferred.Enqueue((item, id));
            return false;
        }
        _held[id] = claim;
        if (await FinishedElsewhereAsync(item, id, cancellationToken).ConfigureAwait(false))
        {
            await claims.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
            _held.TryRemove(id, out _);
            return true;
        }
        try
        {
            await _videoRetry.ExecuteAsync(async ct => await IngestVideoAsync(item, id, identity, assembler, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TransientMediaException e)
        {
            _results[item.Path] = new InputResult(item.Path, InputStatus.Quarantined, 0, $"failed after retries: {e.Message}", New: false);
            await claims.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            _held.TryRemove(id, out _);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not (OperationCanceledException or StoreUnavailableException))
        {
            // Anything unforeseen about one input must not stop the run: quarantine it with the reason. A store outage
            // is not about the input: it stops the run, and the video is retried by the next one.
            _logger.LogError(e, "Unexpected failure on {Path}", item.Path);
            var video = new PendingVideo(id, item.Path) { Status = VideoRecord.Quarantined, Reason = $"unexpected error: {OneLine(e.Message)}" };
            await assembler.CompleteAsync(video, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task IngestVideoAsync(SourceItem item, string id, string identity, ShardAssembler assembler, CancellationToken cancellationToken)
    {
        var spec = _options.Spec;
        var video = new PendingVideo(id, item.Path);
        if (_options.Labels is { } labels && labels.TryGetValue(item.Path, out var label))
        {
            (video.Label, video.Split) = (label.Label, label.Split);
        }
        using var local = await _source.OpenLocalAsync(item, cancellationToken).ConfigureAwait(false);
        video.SourceHash = local.Sha256 ?? identity;
        var format = new FrameFormat(spec.FrameRate, spec.Size, spec.Color == Clips.ColorMode.Gray);
        var cutter = new ClipCutter(spec.Frames, spec.Stride, format.FrameBytes,
            (clip, clipIndex, firstFrame) => new ValueTask(assembler.AddClipAsync(video, clip, clipIndex, firstFrame / spec.FrameRate, cancellationToken)));
        try
        {
            var probe = await VideoProber.ProbeAsync(local.File, cancellationToken).ConfigureAwait(false);
            await FrameDecoder.DecodeAsync(local.File, probe, format, async frame =>
            {
                Interlocked.Increment(ref _frames);
                await cutter.PushAsync(frame).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (cutter.Clips == 0)
            {
                video.Status = VideoRecord.Quarantined;
                video.Reason = $"too short: {cutter.Frames} frames at {spec.FrameRate:0.##} fps ({cutter.Frames / spec.FrameRate:0.0} s); a clip needs {spec.Frames}";
            }
        }
        catch (UnusableVideoException e)
        {
            video.Status = VideoRecord.Quarantined;
            video.Reason = cutter.Clips > 0 ? $"{e.Message}; kept {cutter.Clips} clip(s) decoded before it" : e.Message;
        }
        await assembler.CompleteAsync(video, cancellationToken).ConfigureAwait(false);
    }

    private async Task CommitVideoAsync(ClaimBoard claims, PendingVideo video, IReadOnlyList<ClipLocation> clips, CancellationToken cancellationToken)
    {
        var record = new VideoRecord(video.VideoId, video.Source, video.SourceHash, video.Status, video.Reason, clips, video.Label, video.Split);
        var created = await _store.TryCreateJsonAsync(_layout.Video(video.VideoId), record, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            Interlocked.Add(ref _newClips, clips.Count);
            Record(video.Source, record, isNew: true);
            if (record.Status == VideoRecord.Quarantined)
            {
                _logger.LogWarning("quarantined {Path}: {Reason}", video.Source, record.Reason);
            }
            else
            {
                _logger.LogDebug("ingested {Path}: {Clips} clips", video.Source, clips.Count);
            }
        }
        else
        {
            // Our claim expired and another worker finished the video first; its record stands, ours is dropped.
            var winner = await _store.ReadJsonOrDefaultAsync<VideoRecord>(_layout.Video(video.VideoId), cancellationToken).ConfigureAwait(false);
            Record(video.Source, winner ?? record, isNew: false);
        }
        if (_held.TryRemove(video.VideoId, out var claim))
        {
            await claims.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
        }
    }

    // Labels are metadata: a finished video whose annotation changed (or was added) gets its record updated, not re-decoded.
    private async Task RelabelAsync(SourceItem item, VideoRecord done, CancellationToken cancellationToken)
    {
        if (_options.Labels is not { } labels || !labels.TryGetValue(item.Path, out var label)
            || (done.Label == label.Label && done.Split == label.Split))
        {
            return;
        }
        await _store.WriteJsonAsync(_layout.Video(done.VideoId), done with { Label = label.Label, Split = label.Split }, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _relabeled);
    }

    private async Task<bool> FinishedElsewhereAsync(SourceItem item, string id, CancellationToken cancellationToken)
    {
        var record = await _store.ReadJsonOrDefaultAsync<VideoRecord>(_layout.Video(id), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }
        Record(item.Path, record, isNew: false);
        return true;
    }

    // Videos another live worker was holding: wait until it records them, or its claim expires and we take over.
    private async Task WaitForOthersAsync(ConcurrentQueue<(SourceItem Item, string Id)> deferred, IReadOnlyDictionary<string, VideoRecord> existing,
        ClaimBoard claims, ShardAssembler assembler, Action report, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(_options.ClaimTimeToLive.TotalMilliseconds / 6, 100, 5000));
        while (!deferred.IsEmpty)
        {
            var waiting = new List<(SourceItem Item, string Id)>();
            while (deferred.TryDequeue(out var entry))
            {
                if (!await FinishedElsewhereAsync(entry.Item, entry.Id, cancellationToken).ConfigureAwait(false))
                {
                    waiting.Add(entry);
                }
                else
                {
                    Interlocked.Increment(ref _processed);
                }
            }
            if (waiting.Count == 0)
            {
                break;
            }
            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
            foreach (var (item, _) in waiting)
            {
                if (await ProcessAsync(item, existing, claims, assembler, deferred, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _processed);
                }
            }
            await assembler.FlushAsync(cancellationToken).ConfigureAwait(false);
            report();
        }
    }

    private async Task RenewClaimsAsync(ClaimBoard claims, CancellationToken cancellationToken)
    {
        var period = _options.ClaimTimeToLive / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
                foreach (var (id, claim) in _held)
                {
                    if (!await claims.RenewAsync(claim, cancellationToken).ConfigureAwait(false))
                    {
                        _logger.LogWarning("Lost the claim on video {Id}; another worker may redo it (only one record will be kept).", id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
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

    private void Record(string path, VideoRecord record, bool isNew)
    {
        var status = !isNew && record.Status == VideoRecord.Ingested ? InputStatus.Skipped : record.Status;
        _results[path] = new InputResult(path, status, record.Clips.Count, record.Reason, isNew);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
