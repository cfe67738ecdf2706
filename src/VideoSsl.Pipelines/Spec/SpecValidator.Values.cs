using System.Globalization;
using VideoSsl.Cloud.Batch;

namespace VideoSsl.Pipelines.Spec;

// How SpecValidator reads one value of the pipeline's own keys: text to number, flag, order or interval, with the message on failure.
internal sealed partial class SpecValidator
{
    private StageOrder Order(SettingsFile? block, string stage) =>
        block?.GetValueOrDefault("after") is not { } after ? new StageOrder() : new StageOrder { After = after, Key = $"{stage}.after", Line = problems.Line($"{stage}.after") };

    private TimeSpan? Interval(string text, string path) =>
        BatchRecurrence.TryParseInterval(text, out var interval, out var problem) ? interval : Problem<TimeSpan?>(path, problem, null);

    private string? Required(string? value, string path) => value ?? Problem<string?>(path, "is required", null);

    private bool? Bool(string? text, string path) => text switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => Problem<bool?>(path, $"'{text}' is not true or false", null),
    };

    private int? Int(string? text, string path, int min, int max = int.MaxValue) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : Problem<int?>(path, $"'{text}' is not a whole number from {min}{(max == int.MaxValue ? " up" : $" to {max}")}", null);

    private T Problem<T>(string path, string message, T result)
    {
        problems.Add(path, message);
        return result;
    }
}
