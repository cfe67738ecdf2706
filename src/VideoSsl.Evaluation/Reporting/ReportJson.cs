using System.Text.Json;
using System.Text.Json.Serialization;
using VideoSsl.Storage;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>JSON settings of <c>report.json</c>: the project's conventions, indented, and ±Infinity/NaN written as strings (PSNR of an exact prediction is +∞).</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(BlobStoreExtensions.Json)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(EvaluationReport report) => JsonSerializer.Serialize(report, Options);

    public static EvaluationReport Deserialize(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Options) ?? throw new InvalidDataException("report.json is empty");
}
