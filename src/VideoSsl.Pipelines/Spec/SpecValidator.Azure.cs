using System.Globalization;

namespace VideoSsl.Pipelines.Spec;

// What SpecValidator checks of how the pipeline runs on Azure Batch: the schedule and the azure: settings.
internal sealed partial class SpecValidator
{
    private ScheduleSpec? Schedule(ScheduleFile? schedule)
    {
        if (schedule is null)
        {
            return null;
        }
        var every = Required(schedule.Every, "schedule.every");
        DateTimeOffset? start = null;
        if (schedule.Start is { } text)
        {
            start = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : Problem<DateTimeOffset?>("schedule.start", $"'{text}' is not a date and time (ISO 8601, e.g. 2025-01-01T02:00:00Z)", null);
        }
        return every is null ? null : Interval(every, "schedule.every") is { } interval ? new ScheduleSpec(interval, every) { Start = start } : null;
    }

    private AzureSpec Azure(AzureFile? azure)
    {
        var defaults = new AzureSpec();
        if (azure is null)
        {
            return defaults;
        }
        var spec = new AzureSpec
        {
            CpuPool = azure.Pools?.Cpu,
            GpuPool = azure.Pools?.Gpu,
            Partitions = Int(azure.Partitions, "azure.partitions", 1, 1000) ?? defaults.Partitions,
            Container = azure.Container ?? defaults.Container,
            LogsContainer = azure.LogsContainer ?? defaults.LogsContainer,
            TaskRetries = Int(azure.TaskRetries, "azure.taskRetries", 0, 100) ?? defaults.TaskRetries,
            MaxWallClockTime = (azure.MaxWallClockTime is null ? null : Interval(azure.MaxWallClockTime, "azure.maxWallClockTime")) ?? defaults.MaxWallClockTime,
            AllocationTimeout = (azure.AllocationTimeout is null ? null : Interval(azure.AllocationTimeout, "azure.allocationTimeout")) ?? defaults.AllocationTimeout,
        };
        foreach (var (key, value) in new[] { ("container", spec.Container), ("logsContainer", spec.LogsContainer) })
        {
            if (!ContainerName().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
            {
                problems.Add($"azure.{key}", $"'{value}' is not a valid container name (3-63 lowercase letters, digits and single hyphens)");
            }
        }
        return spec;
    }
}
