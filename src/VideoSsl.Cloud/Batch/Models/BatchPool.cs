using System.Text.Json.Serialization;

namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A pool as the service reports it (<c>BatchPool</c>; the fields that tell whether it can run work).</summary>
public sealed record BatchPool
{
    public required string Id { get; init; }

    public string? State { get; init; }

    /// <summary><c>steady</c>, <c>resizing</c> or <c>stopping</c>.</summary>
    public string? AllocationState { get; init; }

    public string? VmSize { get; init; }

    public int CurrentDedicatedNodes { get; init; }

    [JsonPropertyName("currentLowPriorityNodes")]
    public int CurrentSpotNodes { get; init; }

    public int TargetDedicatedNodes { get; init; }

    [JsonPropertyName("targetLowPriorityNodes")]
    public int TargetSpotNodes { get; init; }

    public bool? EnableAutoScale { get; init; }

    /// <summary>Why the last resize did not reach its target (e.g. <c>AccountVMSeriesCoreQuotaReached</c>).</summary>
    public IReadOnlyList<BatchPoolResizeError>? ResizeErrors { get; init; }

    public BatchAutoScaleRun? AutoScaleRun { get; init; }

    /// <summary>Nodes the pool has now, dedicated and Spot.</summary>
    [JsonIgnore]
    public int CurrentNodes => CurrentDedicatedNodes + CurrentSpotNodes;

    /// <summary>One line per resize or autoscale error; empty when the pool reports none.</summary>
    public IReadOnlyList<string> DescribeErrors()
    {
        var lines = (ResizeErrors ?? []).Select(e => $"resize error {e.Code}: {e.Message}").ToList();
        if (AutoScaleRun?.Error is { } autoscale)
        {
            lines.Add($"autoscale error {autoscale.Code}: {autoscale.Message}");
        }

        return lines;
    }
}

/// <summary>An error of a pool resize (<c>ResizeError</c>).</summary>
public sealed record BatchPoolResizeError(string? Code, string? Message, IReadOnlyList<NameValuePair>? Values);

/// <summary>The last evaluation of a pool's autoscale formula (<c>AutoScaleRun</c>).</summary>
public sealed record BatchAutoScaleRun(DateTimeOffset? Timestamp, string? Results, BatchPoolResizeError? Error);
