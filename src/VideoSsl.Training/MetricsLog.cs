using System.Text;
using System.Text.Json;
using VideoSsl.Storage;

namespace VideoSsl.Training;

/// <summary>The run's metrics.jsonl: one JSON line per logged step, rewritten whole (atomically) on each flush.</summary>
/// <remarks>The store has no append; a run logs a few thousand short lines, so rewriting them is cheap and never leaves a torn file.</remarks>
public sealed class MetricsLog(IBlobStore store, RunLayout run)
{
    private readonly List<StepMetrics> _lines = [];

    /// <summary>Every line so far, including those kept from before a resume.</summary>
    public IReadOnlyList<StepMetrics> Lines => _lines;

    /// <summary>Loads lines written before a resume, dropping those after <paramref name="resumeStep"/> (they will be recomputed).</summary>
    public async Task LoadAsync(int resumeStep, CancellationToken cancellationToken = default)
    {
        if (!await store.ExistsAsync(run.Metrics, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var text = await store.ReadTextAsync(run.Metrics, cancellationToken).ConfigureAwait(false);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var metrics = JsonSerializer.Deserialize<StepMetrics>(line, BlobStoreExtensions.Json);
            if (metrics is not null && metrics.Step <= resumeStep)
            {
                _lines.Add(metrics);
            }
        }
    }

    public void Add(StepMetrics metrics) => _lines.Add(metrics);

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            text.Append(JsonSerializer.Serialize(line, BlobStoreExtensions.Json)).Append('\n');
        }
        return store.WriteTextAsync(run.Metrics, text.ToString(), cancellationToken);
    }
}
