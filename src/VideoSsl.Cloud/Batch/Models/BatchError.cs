namespace VideoSsl.Cloud.Batch.Models;

/// <summary>The error body the Batch service returns (<c>BatchError</c>).</summary>
public sealed record BatchError
{
    public string? Code { get; init; }

    public BatchErrorMessage? Message { get; init; }

    public IReadOnlyList<BatchErrorDetail>? Values { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        Values is { Count: > 0 }
            ? $"{Code}: {Message?.Value} ({string.Join("; ", Values.Select(v => $"{v.Key}={v.Value}"))})"
            : $"{Code}: {Message?.Value}";
}

/// <summary>The human-readable part of a Batch error (<c>BatchErrorMessage</c>).</summary>
public sealed record BatchErrorMessage(string? Lang, string? Value);

/// <summary>One extra detail of a Batch error (<c>BatchErrorDetail</c>).</summary>
public sealed record BatchErrorDetail(string? Key, string? Value);

/// <summary>Why a task failed or a job could not be scheduled: <c>BatchTaskFailureInfo</c> and <c>BatchJobSchedulingError</c>, which have the same fields.</summary>
public sealed record BatchFailureInfo
{
    public BatchErrorSourceCategory Category { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<NameValuePair>? Details { get; init; }
}
