using VideoSsl.Cloud.Batch;

namespace VideoSsl.Cloud.Tests;

public sealed class BatchRecurrenceTests
{
    [Theory]
    [InlineData("PT1M", 1)]
    [InlineData("PT30M", 30)]
    [InlineData("PT6H", 360)]
    [InlineData("P1D", 1440)]
    [InlineData(" P7D ", 10080)]
    [InlineData("P1DT12H", 2160)]
    public void Iso8601_durations_of_a_minute_or_more_parse(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), BatchRecurrence.ParseInterval(text));
    }

    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("@daily")]
    [InlineData("0 0 2 * * ?")]
    public void Cron_expressions_are_rejected_with_an_explanation(string text)
    {
        var error = Assert.Throws<FormatException>(() => BatchRecurrence.ParseInterval(text));

        Assert.Contains("cron", error.Message, StringComparison.Ordinal);
        Assert.Contains("fixed interval", error.Message, StringComparison.Ordinal);
        Assert.Contains("doNotRunUntil", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PT30S", "shorter than one minute")]
    [InlineData("P1M", "not an ISO 8601 duration")]
    [InlineData("1 day", "not an ISO 8601 duration")]
    [InlineData("", "empty")]
    [InlineData("PT", "not an ISO 8601 duration")]
    public void Other_bad_intervals_say_why(string text, string reason)
    {
        Assert.False(BatchRecurrence.TryParseInterval(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
