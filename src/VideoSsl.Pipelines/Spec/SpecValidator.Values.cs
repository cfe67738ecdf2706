using System.Globalization;
using VideoSsl.Cloud.Batch;

namespace VideoSsl.Pipelines.Spec;

// How SpecValidator reads one value: text to number, flag, list or interval, with the range and the message on failure.
internal sealed partial class SpecValidator
{
    private StageOrder Order(SpecList? after, string path) =>
        after is null ? new StageOrder() : new StageOrder { After = after, Key = path, Line = problems.Line(path) };

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

    private double? Double(string? text, string path, double min, double max) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max ? value
        : Problem<double?>(path, $"'{text}' is not a number from {min} to {max}", null);

    private List<int>? Ints(SpecList? list, string path, int min) =>
        list?.Select((text, i) => Int(text, $"{path}[{i}]", min)).OfType<int>().ToList();

    private T Problem<T>(string path, string message, T result)
    {
        problems.Add(path, message);
        return result;
    }
}
