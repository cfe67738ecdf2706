using VideoSsl.Evaluation.Reporting.Figures;
using VideoSsl.Storage;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>Writes <c>report.json</c>, <c>report.md</c> and <c>figures/*.png</c> of a run into a blob store.</summary>
public static class ReportWriter
{
    /// <summary>The default run folder, <c>runs/{run}</c>.</summary>
    public static string RunFolder(string run) => BlobPath.Validate(BlobPath.Join("runs", run));

    /// <summary>Renders and writes the report; figures first, so the markdown never links a figure that is not there.</summary>
    public static async Task<WrittenReport> WriteAsync(
        IBlobStore store, EvaluationReport report, IReadOnlyList<PredictionStrip>? strips = null, string? runFolder = null, CancellationToken cancellationToken = default)
    {
        var folder = BlobPath.Validate(runFolder ?? RunFolder(report.Run));
        var figures = ReportFigures.Render(report, strips);
        foreach (var figure in figures)
        {
            await store.WriteBytesAsync(BlobPath.Join(folder, figure.Path), figure.Png, cancellationToken).ConfigureAwait(false);
        }
        var json = BlobPath.Join(folder, "report.json");
        var markdown = BlobPath.Join(folder, "report.md");
        await store.WriteTextAsync(json, ReportJson.Serialize(report), cancellationToken).ConfigureAwait(false);
        await store.WriteTextAsync(markdown, MarkdownReport.Render(report, figures), cancellationToken).ConfigureAwait(false);
        return new WrittenReport(folder, markdown, json, figures.Select(f => BlobPath.Join(folder, f.Path)).ToList());
    }
}

/// <summary>Where a report was written: folder, markdown, JSON and figure blob paths.</summary>
public sealed record WrittenReport(string Folder, string Markdown, string Json, IReadOnlyList<string> Figures);
