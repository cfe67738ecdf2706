using System.Collections.Concurrent;
using VideoSsl.Clips.Datasets;

namespace VideoSsl.Ingestion;

/// <summary>What one run of an <see cref="IngestionWorker"/> has done so far: the outcome of each input, counters, progress.</summary>
/// <remarks>A worker makes a fresh one per run, so the same worker can run again (a second pass, a rerun in tests).</remarks>
internal sealed class IngestRun(int inputs, IProgress<IngestProgress>? progress)
{
    private readonly ConcurrentDictionary<string, InputResult> _results = new(StringComparer.Ordinal);
    private int _done;
    private int _newClips;
    private int _relabeled;
    private long _frames;

    /// <summary>Clips this run wrote.</summary>
    public int NewClips => Volatile.Read(ref _newClips);

    /// <summary>True when this run wrote or changed any record (the manifest must be rebuilt).</summary>
    public bool ChangedRecords => _results.Values.Any(r => r.New) || Volatile.Read(ref _relabeled) > 0;

    /// <summary>Sets an input's outcome from its video record (<paramref name="isNew"/>: this run wrote it).</summary>
    public void Record(string path, VideoRecord record, bool isNew)
    {
        var status = !isNew && record.Status == VideoRecord.Ingested ? InputStatus.Skipped : record.Status;
        _results[path] = new InputResult(path, status, record.Clips.Count, record.Reason, isNew);
    }

    /// <summary>An input refused without a record (a later run tries it again).</summary>
    public void Refused(string path, string reason) =>
        _results[path] = new InputResult(path, InputStatus.Quarantined, 0, reason, New: false);

    /// <summary>Counts a newly written record's clips.</summary>
    public void AddNewClips(int clips) => Interlocked.Add(ref _newClips, clips);

    /// <summary>Counts a record whose label was updated.</summary>
    public void Relabeled() => Interlocked.Increment(ref _relabeled);

    /// <summary>Counts one decoded frame.</summary>
    public void AddFrame() => Interlocked.Increment(ref _frames);

    /// <summary>Counts an input as dealt with and reports progress.</summary>
    public void Done()
    {
        Interlocked.Increment(ref _done);
        Report();
    }

    /// <summary>Reports progress as it stands.</summary>
    public void Report() =>
        progress?.Report(new IngestProgress(Volatile.Read(ref _done), inputs, NewClips, Interlocked.Read(ref _frames), null));

    /// <summary>Outcomes in the order of <paramref name="paths"/>, for the inputs that have one.</summary>
    public IReadOnlyList<InputResult> Results(IEnumerable<string> paths) =>
        paths.Select(p => _results.GetValueOrDefault(p)).Where(r => r is not null).Select(r => r!).ToList();
}
