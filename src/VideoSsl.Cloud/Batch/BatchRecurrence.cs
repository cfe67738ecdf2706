using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using System.Xml;

namespace VideoSsl.Cloud.Batch;

/// <summary>Parses job-schedule recurrence intervals: ISO 8601 durations of at least one minute, never cron.</summary>
public static partial class BatchRecurrence
{
    /// <summary>The shortest recurrence interval Batch accepts.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>Parses an ISO 8601 duration such as <c>PT6H</c> or <c>P1D</c>; throws <see cref="FormatException"/> with the reason.</summary>
    public static TimeSpan ParseInterval(string text)
    {
        if (!TryParseInterval(text, out var interval, out var error))
        {
            throw new FormatException(error);
        }

        return interval;
    }

    /// <summary>Parses an ISO 8601 duration; on failure <paramref name="error"/> says why in words a user can act on.</summary>
    public static bool TryParseInterval(string? text, out TimeSpan interval, [NotNullWhen(false)] out string? error)
    {
        interval = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "The recurrence interval is empty; give an ISO 8601 duration such as PT6H or P1D.";
            return false;
        }

        if (LooksLikeCron(trimmed))
        {
            error = $"'{trimmed}' looks like a cron expression, but Azure Batch job schedules repeat on a fixed interval, "
                + "not on a calendar: give an ISO 8601 duration such as P1D (daily) or PT6H, and set the first run "
                + "time with doNotRunUntil (for example tonight at 02:00 UTC).";
            return false;
        }

        // Years and months have no fixed length, and Batch takes the interval as an exact duration.
        if (!Iso8601Duration().IsMatch(trimmed))
        {
            error = $"'{trimmed}' is not an ISO 8601 duration of days, hours, minutes or seconds (for example PT30M, PT6H, P1D, P7D).";
            return false;
        }

        try
        {
            interval = XmlConvert.ToTimeSpan(trimmed);
        }
        catch (FormatException)
        {
            error = $"'{trimmed}' is not a valid ISO 8601 duration.";
            return false;
        }
        catch (OverflowException)
        {
            error = $"'{trimmed}' is too long a duration.";
            return false;
        }

        if (interval < MinimumInterval)
        {
            error = $"'{trimmed}' is shorter than one minute, the smallest recurrence interval Azure Batch accepts.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool LooksLikeCron(string text) =>
        text.StartsWith('@') || text.Contains('*') || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5;

    [GeneratedRegex(@"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex Iso8601Duration();
}
